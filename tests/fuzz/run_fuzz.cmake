# Runs one libFuzzer target for SECONDS on a fresh copy of its seeds under WORK (ctest fuzz.<name>).
#   cmake -DFUZZER=<binary> -DSEEDS="<path>|<path>..." -DWORK=<dir> -DSECONDS=<n> -P run_fuzz.cmake
# Fails when the fuzzer finds a crash, leak, hang (10 s for one input, which takes milliseconds) or
# out-of-memory (2 GB); the input is then in WORK/artifacts/.
foreach(_var FUZZER SEEDS WORK SECONDS)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "run_fuzz.cmake: -D${_var}=... is required")
  endif()
endforeach()
string(REPLACE "|" ";" _seeds "${SEEDS}")
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
foreach(_seed IN LISTS _seeds)
  if(NOT EXISTS ${_seed})
    message(FATAL_ERROR "run_fuzz.cmake: seed path ${_seed} does not exist")
  endif()
  file(COPY ${_seed} DESTINATION ${WORK}/corpus)
endforeach()
execute_process(COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
                        -artifact_prefix=${WORK}/artifacts/ -print_final_stats=1 ${WORK}/corpus
                WORKING_DIRECTORY ${WORK} RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  file(GLOB _found ${WORK}/artifacts/*)
  message(FATAL_ERROR "fuzzer ${FUZZER} failed (exit ${_rc}); inputs: ${_found}")
endif()
