package com.threatcommand.deploy.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fuzzer's cases come from the document's schemas: valid ones pass its validator, broken ones mostly do not. */
class FuzzerTest {
  static final String DOCUMENT =
      """
      {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
       "paths": {"/accounts/{accountId}/debits": {"post": {
         "parameters": [
           {"name": "accountId", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}},
           {"name": "Idempotency-Key", "in": "header", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 255}}],
         "requestBody": {"required": true, "content": {"application/json": {"schema": {
           "type": "object", "required": ["amount", "purpose"], "additionalProperties": false,
           "properties": {"amount": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 1000000},
                          "purpose": {"type": "string", "enum": ["RESEARCH", "DARK_WEB_PURCHASE"]},
                          "reference": {"type": "string", "maxLength": 200}}}}}},
         "responses": {"201": {"description": "ok"}}}}}}
      """;

  @Test
  void validCasesMatchTheSchemasAndBrokenOnesMostlyDoNot() {
    Fuzzer fuzzer = new Fuzzer(DOCUMENT, 7);
    assertEquals(1, fuzzer.ops.size());
    Fuzzer.Op op = fuzzer.ops.get(0);
    int brokenRefused = 0;
    for (int i = 0; i < 60; i++) {
      Fuzzer.Case valid = fuzzer.generate(op, true);
      ValidationReport report = fuzzer.validator.validateRequest(request(valid));
      assertTrue(!report.hasErrors(), () -> valid + ": " + report.getMessages());
      Fuzzer.Case broken = fuzzer.generate(op, false);
      if (fuzzer.validator.validateRequest(request(broken)).hasErrors()) {
        brokenRefused++;
      }
    }
    assertTrue(brokenRefused >= 40, "only " + brokenRefused + " of 60 broken cases were refused by the document");
  }

  @Test
  void oneSeedIsOneSequenceOfCasesAndBrokenTextReachesBeyondAscii() {
    Fuzzer a = new Fuzzer(DOCUMENT, 12);
    Fuzzer b = new Fuzzer(DOCUMENT, 12);
    Fuzzer other = new Fuzzer(DOCUMENT, 13);
    boolean differs = false;
    boolean beyondAscii = false;
    for (int i = 0; i < 40; i++) {
      Fuzzer.Case x = a.generate(a.ops.get(0), i % 2 == 0);
      Fuzzer.Case y = b.generate(b.ops.get(0), i % 2 == 0);
      Fuzzer.Case z = other.generate(other.ops.get(0), i % 2 == 0);
      assertEquals(x.path() + x.headers() + body(x), y.path() + y.headers() + body(y));
      differs |= !(x.path() + body(x)).equals(z.path() + body(z));
      beyondAscii |= body(x).chars().anyMatch(c -> c > 0x7f) || body(x).contains("\\u");
    }
    assertTrue(differs, "another seed gave the same cases");
    assertTrue(beyondAscii, "no broken text beyond ASCII in 20 broken cases");
  }

  private static String body(Fuzzer.Case c) {
    return c.body() == null ? "" : new String(c.body(), StandardCharsets.UTF_8);
  }

  private static SimpleRequest request(Fuzzer.Case c) {
    SimpleRequest.Builder builder = new SimpleRequest.Builder(c.method(), c.path());
    for (Map.Entry<String, String> h : c.headers().entrySet()) {
      builder.withHeader(h.getKey(), h.getValue());
    }
    if (c.body() != null) {
      builder.withBody(new String(c.body(), StandardCharsets.UTF_8));
    }
    return builder.build();
  }
}
