package com.threatcommand.common.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.threatcommand.common.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** API.md's list convention, as both services' lists read it. */
class PageRequestTest {
  @Test
  void noLimitIsFiftyAndNoOrAnEmptyCursorIsTheFirstPage() {
    assertEquals(new PageRequest(50, null), PageRequest.parse(null, null, "t"));
    assertEquals(new PageRequest(50, null), PageRequest.parse(null, "", "t"));
    assertEquals(new PageRequest(1, null), PageRequest.parse("1", null, "t"));
    assertEquals(new PageRequest(200, null), PageRequest.parse("200", null, "t"));
  }

  @Test
  void aLimitOutsideOneToTwoHundredOrNotANumberIsRefused() {
    for (String limit : new String[] {"0", "201", "-1", "ten", "1.5", "", "99999999999"}) {
      ProblemException e = assertThrows(ProblemException.class, () -> PageRequest.parse(limit, null, "t"), limit);
      assertEquals(400, e.status());
    }
  }

  @Test
  void aCursorReadsBackOnlyInTheListThatMadeIt() {
    String cursor = PageRequest.encode("t", 42);
    assertEquals(42L, PageRequest.parse(null, cursor, "t").before());
    assertThrows(ProblemException.class, () -> PageRequest.parse(null, cursor, "a"));
    assertNull(PageRequest.parse(null, null, "t").before());
  }

  @Test
  void aForgedOrDamagedCursorIsRefused() {
    for (String cursor :
        new String[] {"x", "not base64!", PageRequest.encode("t", 0), PageRequest.encode("t", -5), "dDp4", "a".repeat(65)}) {
      assertThrows(ProblemException.class, () -> PageRequest.parse(null, cursor, "t"), cursor);
    }
  }
}
