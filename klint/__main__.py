from klint.cli import main

main()
