from vsm_xl.command import main

main()
