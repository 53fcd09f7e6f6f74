# Runs check_labels.py on the judging fixture and pins what it reports: each word at its line.
execute_process(COMMAND ${PY} ${SCRIPT} ${SRC} ${SRC}/tests/fixtures/labels/evaluative.yaml
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(rc EQUAL 0)
  message(FATAL_ERROR "check_labels.py passed judging labels:\n${out}")
endif()
foreach(expect "evaluative.yaml:6:20: error: evaluative word 'overly' in the label of move 'too_familiar'"
               "evaluative.yaml:6:45: error: evaluative word 'liian'"
               "evaluative.yaml:7:58: error: evaluative word 'rarely' in the tooltip"
               "evaluative.yaml:7:73: error: evaluative word 'good'"
               "evaluative.yaml:11:46: error: evaluative word 'Usually'"
               "evaluative.yaml:11:58: error: evaluative word 'better'"
               "evaluative.yaml:11:104: error: evaluative word 'parem'")
  string(FIND "${out}" "${expect}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "check_labels.py did not report \"${expect}\"; it said:\n${out}${err}")
  endif()
endforeach()
