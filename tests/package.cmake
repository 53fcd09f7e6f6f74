# The Debian package: built from this build folder with cpack, unpacked into an empty root and run
# from there (list, validate, a headless window), its desktop entry, metadata and man page
# validated, and lintian without errors. Not in a sanitizer build: its program is not one to ship.
if(NOT SALESIM_WINDOW OR SALESIM_SANITIZE)
  return()
endif()
add_test(NAME package_deb
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/package/check_deb.sh ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:salesim_png_check>)
set_tests_properties(package_deb PROPERTIES TIMEOUT 900 RESOURCE_LOCK xvfb)
