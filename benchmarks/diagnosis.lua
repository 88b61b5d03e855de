-- wrk script: POST /v1/diagnosis with a realistic mid-interview body.
-- Usage: wrk -t2 -c64 -d20s --latency -s benchmarks/diagnosis.lua http://127.0.0.1:8000/v1/diagnosis
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"age": 42, "sex": "male", "evidence": [' ..
  '{"id": "complaint_pain", "choice_id": "present"}, {"id": "swelling_ankle", "choice_id": "absent"},' ..
  '{"id": "numbness_tingling", "choice_id": "absent"}, {"id": "skin_rash", "choice_id": "absent"},' ..
  '{"id": "pain_back_of_ankle", "choice_id": "present"}, {"id": "pain_first_steps_morning", "choice_id": "present"}]}'
