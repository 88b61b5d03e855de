"""The web app: server-rendered pages (Jinja2) over the same `Service` as the REST API.

Every page works without JavaScript (plain forms, POST then redirect); htmx, vendored in
``static/``, only enhances. Nothing medical is computed here: the pages show what the engine
(through `Service` and `Sessions`) decided.
"""
