# `salesim play --resume` and `--save`: a save file is read with limits and names its scenario by id
# only; a save that cannot be written is an error on stderr with status 1. The kill, the terminal's
# questions at q and the offer to resume an unfinished attempt run at a pseudo-terminal in
# tests/results/test_results_play_resume.cpp.
set(SALESIM_PLAY_RESUME_DATA ${PROJECT_BINARY_DIR}/cli-play-resume-data)

salesim_cli_test(play_resume_device
                 ARGS "play|--resume|/dev/zero|--data-dir|${SALESIM_PLAY_RESUME_DATA}" RC 1
                 MATCH "salesim: error: /dev/zero: is a character device, not a save file\nhelp: give a save file written by `salesim play --save FILE`")
salesim_cli_test(play_resume_folder
                 ARGS "play|--resume|tests/fixtures|--data-dir|${SALESIM_PLAY_RESUME_DATA}" RC 1
                 MATCH "salesim: error: tests/fixtures: is a folder, not a save file\nhelp: ")
salesim_cli_test(play_resume_names_a_path
                 ARGS "play|--resume|tests/fixtures/saves/passwd.save.json|--data-dir|${SALESIM_PLAY_RESUME_DATA}" RC 1
                 MATCH "passwd.save.json: the save file names its scenario by the path '/etc/passwd', which is not a scenario file of the library|\nhelp: start the scenario again with `salesim play SCENARIO`"
                 NOMATCH "root:|rulebook")
salesim_cli_test(play_resume_too_deep
                 ARGS "play|--resume|tests/fixtures/saves/deep.save.json|--data-dir|${SALESIM_PLAY_RESUME_DATA}" RC 1
                 MATCH "deep.save.json: nests arrays and objects more than 64 deep \\(line 7, column [0-9]+\\); a save file nests 2\nhelp: ")
salesim_cli_test(play_save_no_folder
                 ARGS "play|tutorial-first-sale|--choices|3,3|--no-record|--save|no/such/folder/s.json|--data-dir|${SALESIM_PLAY_RESUME_DATA}" RC 1
                 MATCH "salesim: error: cannot save to no/such/folder/s.json: cannot create a temporary file in no/such/folder \\(No such file or directory\\)\nhelp: save to a file in a folder that exists"
                 NOMATCH "Saved to|Could not save")
