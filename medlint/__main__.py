from medlint.replay import main

main()
