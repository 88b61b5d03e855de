from anklecheck.cli.app import main

main()
