from footwork.cli.app import main

main()
