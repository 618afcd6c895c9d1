# CPack pre-build script for the portable tarball (CPackPortableConfig.cmake, made by the
# top CMakeLists.txt): runs in the staged tree before it is packed.
#
# wasisdk and wasisdk-driver need nothing beyond libc (the driver is static; wasisdk
# links libstdc++ only). wasisdk-core loads libcurl, libarchive, OpenSSL and their ~40
# dependencies: every one that is not a file of libc6, libstdc++6 or libgcc-s1 (asked
# from dpkg, so the rule is the package list itself) is copied into
# libexec/wasisdk/lib/, and wasisdk-core gets DT_RPATH $ORIGIN/lib. DT_RPATH, not
# DT_RUNPATH: the loader applies an executable's DT_RPATH to the dependencies of its
# dependencies too (libcurl -> libnghttp2), DT_RUNPATH only to its own.
# docs/architecture.md ("The portable tarball") says why bundling and what it costs.
cmake_minimum_required(VERSION 3.25)

file(GLOB_RECURSE cores "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*wasisdk-core")
list(LENGTH cores n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "portable-bundle: expected one wasisdk-core in the staged tree, found: ${cores}")
endif()
get_filename_component(libexec "${cores}" DIRECTORY)
get_filename_component(prefix "${libexec}/../.." ABSOLUTE)
set(libdir "${libexec}/lib")

execute_process(COMMAND dpkg-query -L libc6 libstdc++6 libgcc-s1
                OUTPUT_VARIABLE base_files RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "portable-bundle: dpkg-query -L libc6 libstdc++6 libgcc-s1 failed")
endif()
string(REPLACE "\n" ";" base_files "${base_files}")
set(base_names "")
foreach(f IN LISTS base_files)
  get_filename_component(name "${f}" NAME)
  list(APPEND base_names "${name}")
endforeach()

file(GET_RUNTIME_DEPENDENCIES
  EXECUTABLES "${cores}"
  RESOLVED_DEPENDENCIES_VAR deps
  UNRESOLVED_DEPENDENCIES_VAR missing)
if(missing)
  message(FATAL_ERROR "portable-bundle: cannot resolve ${missing}")
endif()
file(MAKE_DIRECTORY "${libdir}")
set(bundled 0)
foreach(dep IN LISTS deps)
  get_filename_component(name "${dep}" NAME)
  if(name IN_LIST base_names)
    continue()
  endif()
  file(INSTALL "${dep}" DESTINATION "${libdir}" FOLLOW_SYMLINK_CHAIN)
  math(EXPR bundled "${bundled} + 1")
endforeach()
message(STATUS "portable-bundle: ${bundled} libraries into ${libdir}")

find_program(PATCHELF patchelf REQUIRED)
execute_process(COMMAND "${PATCHELF}" --force-rpath --set-rpath "$ORIGIN/lib" "${cores}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "portable-bundle: patchelf failed on ${cores}")
endif()

# The tarball carries no debug info (the build's binaries keep it).
find_program(STRIP strip REQUIRED)
foreach(exe "${prefix}/bin/wasisdk" "${cores}" "${libexec}/wasisdk-driver")
  execute_process(COMMAND "${STRIP}" --strip-unneeded "${exe}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "portable-bundle: strip failed on ${exe}")
  endif()
endforeach()
