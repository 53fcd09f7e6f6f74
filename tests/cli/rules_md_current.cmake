# Fails when docs/rules.md is not what `salesim rules` makes of the shipped rule book, so the page
# trainers read never drifts from the rules the engine applies.
#   cmake -DEXE=path/to/salesim -DPAGE=docs/rules.md -DOUT=scratch file -P rules_md_current.cmake
execute_process(COMMAND ${EXE} rules --out ${OUT} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "salesim rules --out ${OUT} exited with ${rc}\n${out}${err}")
endif()
file(READ ${OUT} made)
file(READ ${PAGE} expected)
if(NOT made STREQUAL expected)
  message(FATAL_ERROR "docs/rules.md is out of date: run build/src/salesim rules --out docs/rules.md")
endif()
