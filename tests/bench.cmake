# Benchmarks (Google Benchmark). Each prints its figures as ratios against a reference measured in
# the same run; they are programs to run by hand or from scripts/bench.sh, never timed tests.
if(SALESIM_BUILD_BENCH)
  find_package(benchmark REQUIRED)
  find_package(yaml-cpp REQUIRED)

  add_executable(bench_engine bench/bench_engine.cpp)
  target_link_libraries(bench_engine PRIVATE salesim_engine salesim_warnings benchmark::benchmark yaml-cpp)
  target_compile_definitions(bench_engine PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

  # The benchmark programs must at least run: a quick smoke run with a tiny time budget.
  add_test(NAME bench_engine_smoke
           COMMAND bench_engine --benchmark_min_time=0.001 --smoke)
endif()

# The analyzer: distinct states per second against bare engine stepping in the same run.
if(SALESIM_BUILD_BENCH)
  add_executable(bench_analyzer bench/bench_analyzer.cpp)
  target_link_libraries(bench_analyzer PRIVATE salesim_engine salesim_warnings benchmark::benchmark)
  target_compile_definitions(bench_analyzer PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME bench_analyzer_smoke COMMAND bench_analyzer --benchmark_min_time=0.001)
endif()

# The analyzer as a scenario grows one objection at a time, with a trainer's budgets.
if(SALESIM_BUILD_BENCH)
  add_executable(bench_analyzer_scale bench/bench_analyzer_scale.cpp)
  target_link_libraries(bench_analyzer_scale PRIVATE salesim_engine salesim_warnings)
  target_compile_definitions(bench_analyzer_scale PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME bench_analyzer_scale_smoke COMMAND bench_analyzer_scale --max-objections 4 --time-limit 5)
endif()

# The results backends: decisions written per second and p99 latency on SQLite and PostgreSQL,
# against bare prepared inserts of the same rows on the same backend.
if(SALESIM_BUILD_BENCH)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SALESIM_BENCH_PQ REQUIRED IMPORTED_TARGET libpq)
  find_package(SQLite3 REQUIRED)
  add_executable(bench_store bench/bench_store.cpp)
  target_link_libraries(bench_store PRIVATE salesim_results salesim_warnings PkgConfig::SALESIM_BENCH_PQ
                                            SQLite::SQLite3)
  target_compile_definitions(bench_store PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME bench_store_smoke COMMAND bench_store --smoke)
endif()

# Reports at a school's size: a store of 100,000 attempts from real plays, and the results
# commands on it (wall time and peak memory) against a bare count of its decisions, on SQLite and
# PostgreSQL. The smoke run builds 300 attempts on SQLite only.
if(SALESIM_BUILD_BENCH)
  add_executable(bench_reports bench/bench_reports.cpp)
  target_link_libraries(bench_reports PRIVATE salesim_results salesim_warnings PkgConfig::SALESIM_BENCH_PQ
                                              SQLite::SQLite3)
  target_compile_definitions(bench_reports PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                                   SALESIM_EXE="$<TARGET_FILE:salesim>")
  add_dependencies(bench_reports salesim)
  add_test(NAME bench_reports_smoke COMMAND bench_reports --smoke)
  set_tests_properties(bench_reports_smoke PROPERTIES TIMEOUT 300)
endif()

# The live classroom under load: trainees on loopback against an in-process classroom server
# (decision round trip, lost decisions, vote -> board, freeze -> clients, late joiners) and its
# saturation throughput against a bare cpp-httplib handler in the same run. The smoke run (20
# trainees for 3 s) asserts 0 errors and 0 lost, nothing about time.
if(SALESIM_BUILD_BENCH AND TARGET salesim_classroom)
  add_executable(classroom_load bench/classroom_load.cpp)
  target_link_libraries(classroom_load PRIVATE salesim_classroom salesim_results salesim_warnings
                                               PkgConfig::SALESIM_HTTPLIB)
  target_compile_definitions(classroom_load PRIVATE SALESIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME classroom_load_smoke COMMAND classroom_load --smoke)
  set_tests_properties(classroom_load_smoke PROPERTIES TIMEOUT 120)
endif()
