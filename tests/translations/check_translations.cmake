# Runs lupdate on a copy of a .ts file (obsolete entries kept, so they can be reported) and fails
# with the offending source texts when anything is unfinished, vanished or out of date.
foreach(var PROJECT_IN GENERATOR LUPDATE TS WORK)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_translations.cmake needs -D${var}=…")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${CMAKE_COMMAND}" -DIN_FILE=${PROJECT_IN} -DOUT_FILE=${WORK}/project.json -P "${GENERATOR}"
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "Cannot write the lupdate project from ${PROJECT_IN} (${rc})")
endif()

get_filename_component(ts_name "${TS}" NAME)
set(copy "${WORK}/${ts_name}")
file(COPY "${TS}" DESTINATION "${WORK}")
execute_process(COMMAND "${LUPDATE}" -project "${WORK}/project.json" -locations none ${LUPDATE_OPTIONS} -ts "${copy}"
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("${out}")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${rc}): ${err}")
endif()

file(READ "${copy}" ts)
string(REGEX MATCHALL "<source>[^<]*</source>[^<]*(<[a-z]+comment>[^<]*</[a-z]+comment>[^<]*)*<translation type=\"(unfinished|vanished|obsolete)\""
    bad "${ts}")
list(LENGTH bad count)
if(count GREATER 0)
    set(lines "")
    foreach(entry IN LISTS bad)
        string(REGEX REPLACE "^<source>([^<]*)</source>.*type=\"([a-z]+)\"$" "  \\2: \\1" line "${entry}")
        string(APPEND lines "${line}\n")
    endforeach()
    message(FATAL_ERROR "${ts_name}: ${count} string(s) not translated or no longer used:\n${lines}"
        "Run `cmake --build <build dir> --target update_translations` and translate them.")
endif()
# Same strings, same order: the committed file is what update_translations would write.
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${TS}" "${copy}" RESULT_VARIABLE differs)
if(NOT differs EQUAL 0)
    message(FATAL_ERROR "${ts_name} is not what lupdate writes for these sources: run update_translations.")
endif()
message(STATUS "${ts_name}: every string translated, none obsolete.")
