from vsm_xl.cli import main

main()
