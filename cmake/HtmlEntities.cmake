# The HTML5 named character references, generated at build time from
# Python's html.entities.html5 (scripts/gen_html_entities.py) into
# ${DECHROME_GENERATED_DIR}/html/html_entities.inc; src/html/html_entities.cc
# includes it. The table is never committed.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(DECHROME_GENERATED_DIR ${PROJECT_BINARY_DIR}/generated)
set(DECHROME_HTML_ENTITIES_INC ${DECHROME_GENERATED_DIR}/html/html_entities.inc)
add_custom_command(
  OUTPUT ${DECHROME_HTML_ENTITIES_INC}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${DECHROME_GENERATED_DIR}/html
  COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/scripts/gen_html_entities.py
          ${DECHROME_HTML_ENTITIES_INC}
  DEPENDS ${PROJECT_SOURCE_DIR}/scripts/gen_html_entities.py
  COMMENT "Generating the HTML named character references table"
  VERBATIM)
add_custom_target(dechrome_html_entities DEPENDS ${DECHROME_HTML_ENTITIES_INC})

# Called once the dechrome library exists.
function(dechrome_use_html_entities target)
  target_sources(${target} PRIVATE ${DECHROME_HTML_ENTITIES_INC})
  target_include_directories(${target} PRIVATE ${DECHROME_GENERATED_DIR})
  add_dependencies(${target} dechrome_html_entities)
endfunction()
