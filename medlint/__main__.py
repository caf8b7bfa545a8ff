from medlint.cli import main

main()
