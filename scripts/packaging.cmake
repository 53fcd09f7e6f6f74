# The Debian package, made by CPack from the install rules: `cpack -G DEB` in a build folder gives
# salesim_VERSION_ARCH.deb with its dependencies computed from the binary (dpkg-shlibdeps), a
# copyright file and a changelog. Included from the top-level CMakeLists.txt.
set(CPACK_PACKAGE_NAME salesim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Salesim developers")
set(CPACK_PACKAGE_CONTACT "The Salesim developers <salesim@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "sales-training simulator: practise selling against a reacting buyer")
set(CPACK_PACKAGE_DESCRIPTION
    "Salesim is a role-play trainer for personal selling. A buyer persona walks
the trainee through the seven steps of a sale, from prospecting to follow-up.
When the buyer objects, the trainee picks a way to answer, later a way to
close, and the buyer reacts; at the end every decision gets a score and
feedback that explains it. Trainers write scenarios in YAML, check them with
an analyzer that proves they can be won, and read the results in one store.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What the binary does not link but needs: the window's font and OpenGL drivers, and read-aloud's
# voices (libespeak-ng1, found by dpkg-shlibdeps, pulls them in too). The dyslexia-friendly font
# is a setting's choice: without it the window keeps DejaVu Sans. libsodium23, which the trainer
# passphrase's Argon2id hash needs, is named as well as found by dpkg-shlibdeps, so the package says
# so whatever the link line becomes.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, libgl1-mesa-dri, espeak-ng-data, libsodium23")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-opendyslexic")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://salesim.example.org/")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The install rules install into share/, man/ and bin/ under the prefix only.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# /usr/share/doc/salesim: the copyright file and the changelog Debian's tools expect, the latter
# made from CHANGELOG.md's newest entry so the version has one source (CMake's project version).
set(SALESIM_DEB_DOC ${PROJECT_BINARY_DIR}/deb-doc)
file(MAKE_DIRECTORY ${SALESIM_DEB_DOC})
configure_file(${PROJECT_SOURCE_DIR}/assets/desktop/copyright ${SALESIM_DEB_DOC}/copyright COPYONLY)
file(STRINGS ${PROJECT_SOURCE_DIR}/CHANGELOG.md SALESIM_RELEASES REGEX "^## \\[[0-9]")
list(GET SALESIM_RELEASES 0 SALESIM_NEWEST)
if(NOT SALESIM_NEWEST MATCHES "^## \\[([0-9.]+)\\] - ([0-9]+-[0-9]+-[0-9]+)$")
  message(FATAL_ERROR "CHANGELOG.md: the newest release heading '${SALESIM_NEWEST}' is not '## [VERSION] - YYYY-MM-DD'")
endif()
set(SALESIM_RELEASE_DATE ${CMAKE_MATCH_2})
if(NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "CHANGELOG.md's newest release is ${CMAKE_MATCH_1}, but the project version in "
                      "CMakeLists.txt is ${PROJECT_VERSION}: add a '## [${PROJECT_VERSION}] - DATE' section")
endif()
file(STRINGS ${PROJECT_SOURCE_DIR}/assets/desktop/fi.salesim.Salesim.metainfo.xml SALESIM_META_RELEASES
     REGEX "<release version=")
list(GET SALESIM_META_RELEASES 0 SALESIM_META_NEWEST)
if(NOT SALESIM_META_NEWEST MATCHES "version=\"${PROJECT_VERSION}\" date=\"${SALESIM_RELEASE_DATE}\"")
  message(FATAL_ERROR "assets/desktop/fi.salesim.Salesim.metainfo.xml: the newest <release> must be "
                      "version=\"${PROJECT_VERSION}\" date=\"${SALESIM_RELEASE_DATE}\" as in CHANGELOG.md")
endif()
execute_process(COMMAND date -u -R -d "${SALESIM_RELEASE_DATE}" OUTPUT_VARIABLE SALESIM_DEB_DATE
                OUTPUT_STRIP_TRAILING_WHITESPACE)
file(WRITE ${SALESIM_DEB_DOC}/changelog
     "salesim (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
     "  * Release ${PROJECT_VERSION}; see /usr/share/doc/salesim/CHANGELOG.md.\n\n"
     " -- ${CPACK_PACKAGE_CONTACT}  ${SALESIM_DEB_DATE}\n")
add_custom_command(OUTPUT ${SALESIM_DEB_DOC}/changelog.gz
                   COMMAND gzip -9nkf ${SALESIM_DEB_DOC}/changelog
                   DEPENDS ${SALESIM_DEB_DOC}/changelog)
add_custom_target(salesim_deb_changelog ALL DEPENDS ${SALESIM_DEB_DOC}/changelog.gz)
install(FILES ${SALESIM_DEB_DOC}/copyright ${SALESIM_DEB_DOC}/changelog.gz ${PROJECT_SOURCE_DIR}/CHANGELOG.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

include(CPack)
