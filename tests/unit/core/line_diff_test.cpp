#define BOOST_TEST_MODULE line_diff
#include <boost/test/unit_test.hpp>

#include "service/line_diff.h"

using crmsync::lineDiff;

BOOST_AUTO_TEST_CASE(marks_changed_lines_and_keeps_the_rest) {
  std::string d = lineDiff("a\nb\nc\n", "a\nB\nc\nd\n");
  BOOST_TEST(d == "  a\n- b\n+ B\n  c\n+ d\n");
}

BOOST_AUTO_TEST_CASE(identical_texts_have_no_marks) {
  std::string d = lineDiff("x\ny\n", "x\ny\n");
  BOOST_TEST(d.find("+ ") == std::string::npos);
  BOOST_TEST(d.find("- ") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(from_and_to_empty) {
  BOOST_TEST(lineDiff("", "one\n") == "+ one\n");
  BOOST_TEST(lineDiff("one\n", "") == "- one\n");
}
