package com.threatcommand.gateway.documents;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatcommand.gateway.support.FakeUpstreams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The page from its template, for given documents: what a document says is text, never markup. */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class ApiGuideHtmlTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";

  @Inject ApiGuide guide;

  String render(String json) throws Exception {
    return guide.html(JSON.readTree(json.replace('`', '"')));
  }

  @Test
  void everyStringFromTheDocumentIsEscaped() throws Exception {
    String evil = JSON.writeValueAsString(EVIL);
    String html =
        render(
            "{`openapi`:`3.1.0`,`info`:{`title`:" + evil + ",`version`:" + evil + ",`description`:" + evil + "},"
                + "`servers`:[{`url`:`https://api.example.com/\\\"><script>`,`description`:" + evil + "}],"
                + "`tags`:[{`name`:" + evil + ",`description`:" + evil + "}],"
                + "`paths`:{`/x/{id}<b>`:{`get`:{`operationId`:" + evil + ",`summary`:" + evil + ",`description`:" + evil + ","
                + "`tags`:[" + evil + "],`security`:[{" + evil + ":[]}],"
                + "`parameters`:[{`name`:" + evil + ",`in`:`query`,`description`:" + evil + ",`schema`:{`type`:`string`,`pattern`:" + evil + ",`enum`:[" + evil + "]}}],"
                + "`responses`:{`200`:{`description`:" + evil + ",`headers`:{" + evil + ":{`description`:" + evil + "}},"
                + "`content`:{`application/json`:{`schema`:{`$ref`:`#/components/schemas/" + EVIL.replace("\"", "\\\"") + "`},"
                + "`examples`:{`a`:{`summary`:" + evil + ",`value`:{`k`:" + evil + "}}}}}},"
                + "`404`:{`description`:" + evil + ",`content`:{`application/problem+json`:{`example`:{`detail`:" + evil + "}}}}}}}},"
                + "`components`:{`schemas`:{" + evil + ":{`type`:`object`,`description`:" + evil + ","
                + "`properties`:{`p`:{`type`:`string`,`description`:" + evil + ",`examples`:[" + evil + "]}}}},"
                + "`securitySchemes`:{" + evil + ":{`type`:`http`,`scheme`:`bearer`,`description`:" + evil + "}}}}");
    assertFalse(html.contains("<script>"), "no script element from the document");
    assertFalse(html.contains("<img"), "no element from the document");
    assertFalse(html.contains("<b>"), "no markup from a path");
    assertFalse(html.contains("\"><script"), "no attribute break-out");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;"));
    // fragment identifiers and links are reduced to safe characters
    java.util.regex.Matcher ids = java.util.regex.Pattern.compile("(?:id|href)=\"#?([^\"]*)\"").matcher(html);
    int found = 0;
    while (ids.find()) {
      assertTrue(ids.group(1).matches("[A-Za-z0-9_.-]+"), ids.group(0));
      found++;
    }
    assertTrue(found > 5);
  }

  @Test
  void examplesComeFromTheDocumentOrFromTheSchema() throws Exception {
    String html =
        render(
            "{`openapi`:`3.0.3`,`info`:{`title`:`T`,`version`:`1`},`paths`:{`/a`:{`post`:{`operationId`:`op`,"
                + "`requestBody`:{`required`:true,`content`:{`application/json`:{`schema`:{`$ref`:`#/components/schemas/Body`}}}},"
                + "`responses`:{`201`:{`description`:`made`,`content`:{`application/json`:{`schema`:{`type`:`array`,`items`:{`$ref`:`#/components/schemas/Body`}}}}}}}}},"
                + "`components`:{`schemas`:{`Body`:{`type`:`object`,`required`:[`amount`],`properties`:{"
                + "`amount`:{`type`:`integer`,`minimum`:1,`maximum`:1000},`when`:{`type`:`string`,`format`:`date`},"
                + "`kind`:{`type`:`string`,`enum`:[`GRANT`,`DEBIT`]},`note`:{`type`:[`string`,`null`],`example`:`hello`}}}}}}");
    assertTrue(html.contains("&quot;amount&quot; : 1"), "an example made from the schema uses the minimum");
    assertTrue(html.contains("&quot;kind&quot; : &quot;GRANT&quot;"));
    assertTrue(html.contains("&quot;note&quot; : &quot;hello&quot;"), "the schema's own example wins");
    assertTrue(html.contains("≥ 1 · ≤ 1000"), "constraints are shown");
    assertTrue(html.contains("<span class=\"muted\">or null</span>"), "3.1 nullable types");
    assertTrue(html.contains("array of <a href=\"#schema-Body\">Body</a>"));
    assertTrue(html.contains("Request body <span class=\"req\">required</span>"));
  }
}
