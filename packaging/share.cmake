# Build step (packaging/deb.cmake): writes <build>/share/, the generated part of the
# installed share/ tree, laid out as it is installed, so that `cmake --install` and the
# .deb hold the same files:
#   man/man1/*.1.gz                 the man pages `wasisdk man` wrote to <build>/man/
#   <completions>                   `wasisdk completions SHELL`, where Debian's bash-completion,
#                                   zsh and fish look (the table below)
#   doc/wasisdk/changelog.Debian.gz packaging/debian/changelog
# gzip -9n: the best compression and no name or time stamp in the header, so the same
# input gives the same bytes (Debian policy 12.1; lintian's package-contains-timestamped-gzip).
# Inputs: WASISDK (the built binary), MAN_DIR, CHANGELOG, OUT (= <build>/share).
cmake_minimum_required(VERSION 3.25)

# shell, installed name under share/
set(completions
  "bash|bash-completion/completions/wasisdk"
  "zsh|zsh/vendor-completions/_wasisdk"
  "fish|fish/vendor_completions.d/wasisdk.fish")

function(gzip_n in out)
  get_filename_component(dir "${out}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  execute_process(COMMAND gzip -9n -c "${in}" OUTPUT_FILE "${out}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "share.cmake: gzip -9n failed on ${in}")
  endif()
endfunction()

file(REMOVE_RECURSE "${OUT}") # a page of a removed command must not stay behind
file(GLOB pages "${MAN_DIR}/*.1")
if(NOT pages)
  message(FATAL_ERROR "share.cmake: no man pages in ${MAN_DIR}")
endif()
foreach(page IN LISTS pages)
  get_filename_component(name "${page}" NAME)
  gzip_n("${page}" "${OUT}/man/man1/${name}.gz")
endforeach()

foreach(entry IN LISTS completions)
  string(REPLACE "|" ";" entry "${entry}")
  list(GET entry 0 shell)
  list(GET entry 1 name)
  get_filename_component(dir "${OUT}/${name}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  execute_process(COMMAND "${WASISDK}" completions ${shell} OUTPUT_FILE "${OUT}/${name}"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "share.cmake: wasisdk completions ${shell} failed")
  endif()
endforeach()

gzip_n("${CHANGELOG}" "${OUT}/doc/wasisdk/changelog.Debian.gz")
