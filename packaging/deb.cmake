# The .deb: `cpack -G DEB` in a build directory (docs/architecture.md, "The .deb"), made
# to pass `lintian --fail-on error` (tests/integration/test_package.py checks it). Included
# by the top CMakeLists.txt before include(CPack). The install rules here are the same for
# `cmake --install`, so an install under a prefix holds what the package holds.

# The Debian revision: the package of PROJECT_VERSION is <PROJECT_VERSION>-<this>, and
# packaging/debian/changelog's first entry must say so (checked below).
set(WASISDK_DEB_REVISION 1)
set(deb_dir ${CMAKE_CURRENT_LIST_DIR}/debian)

file(STRINGS ${deb_dir}/changelog changelog_top LIMIT_COUNT 1)
set(changelog_expect "wasisdk (${PROJECT_VERSION}-${WASISDK_DEB_REVISION}) ")
string(FIND "${changelog_top}" "${changelog_expect}" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "packaging/debian/changelog: the first entry is '${changelog_top}', "
                      "not ${changelog_expect}: add an entry for this version at the top")
endif()

# Man pages (gzipped), completions and changelog.Debian.gz, written under <build>/share/
# in their installed layout by packaging/share.cmake once wasisdk and its man pages
# (cli/CMakeLists.txt) are built.
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/share/man/man1/wasisdk.1.gz
  COMMAND ${CMAKE_COMMAND} -DWASISDK=$<TARGET_FILE:wasisdk> -DMAN_DIR=${PROJECT_BINARY_DIR}/man
          -DCHANGELOG=${deb_dir}/changelog -DOUT=${PROJECT_BINARY_DIR}/share
          -P ${CMAKE_CURRENT_LIST_DIR}/share.cmake
  DEPENDS wasisdk wasisdk_man ${PROJECT_BINARY_DIR}/man/wasisdk.1 ${deb_dir}/changelog
          ${CMAKE_CURRENT_LIST_DIR}/share.cmake
  COMMENT "Writing share/: gzipped man pages, completions, changelog.Debian.gz"
  VERBATIM)
add_custom_target(wasisdk_share ALL DEPENDS ${PROJECT_BINARY_DIR}/share/man/man1/wasisdk.1.gz)
install(DIRECTORY ${PROJECT_BINARY_DIR}/share/ DESTINATION share)
install(FILES ${deb_dir}/copyright DESTINATION share/doc/wasisdk)
install(FILES ${deb_dir}/lintian-overrides DESTINATION share/lintian/overrides RENAME wasisdk)

# Stripping (`cmake --install --strip`, and cpack with CPACK_STRIP_FILES below): the
# three executables, the way Debian's dh_strip does it, also dropping the .comment and
# .note sections (lintian's binary-has-unneeded-section). install(TARGETS) strips wasisdk
# and wasisdk-core first with a plain `strip`; wasisdk-driver, musl-gcc's output file
# (driver/CMakeLists.txt), is stripped only here. These rules run after those of the
# subdirectories added before this file is included (policy CMP0082).
set(stripped bin/wasisdk libexec/wasisdk/wasisdk-core libexec/wasisdk/wasisdk-driver)
install(CODE "if(CMAKE_INSTALL_DO_STRIP)
  foreach(exe ${stripped})
    execute_process(COMMAND \"${CMAKE_STRIP}\" --remove-section=.comment
                    --remove-section=.note \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/\${exe}\"
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR \"strip failed on \${exe}\")
    endif()
  endforeach()
endif()")

set(CPACK_DEBIAN_PACKAGE_RELEASE ${WASISDK_DEB_REVISION})
# The repository names no maintainer: a project-level placeholder (.invalid, RFC 2606)
# until one is named. Maintainer: needs a name and an address.
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "wasisdk maintainers <dev@wasisdk.invalid>")
# The long description: CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY first, indents these
# lines and turns the empty one into " ." (Debian policy 5.6.13). At most 80 columns.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"wasisdk installs releases of wasi-sdk, the clang-based C and C++ toolchain for
WebAssembly/WASI, verifying every archive against a pinned sha256, and
selects one per project (a .wasi-sdk-version file) or per user.

It provides fast compiler wrappers (wasm32-wasip1-clang and friends) that add
the right --target and --sysroot for every wasi-sdk release, CMake toolchain
files, autotools and pkg-config support, rust-std installs for any rustc, and
can register the distribution's own LLVM and wasi-libc packages as an SDK.")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON) # the install(CODE) above
