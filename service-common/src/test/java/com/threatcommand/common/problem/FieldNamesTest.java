package com.threatcommand.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.TreeSet;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** Problems name fields as the caller wrote them: "limits.assets", "modules[1]", "body". */
class FieldNamesTest {
  record Limits(@Max(10) int assets) {}

  record Body(@NotNull List<@NotBlank String> modules, @Valid Limits limits) {}

  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  @Test
  void violationsAreNamedByTheirJsonPath() {
    TreeSet<String> names = new TreeSet<>();
    VALIDATOR
        .validate(new Body(List.of("Discovery", " "), new Limits(11)))
        .forEach(v -> names.add(FieldNames.of(v)));
    assertEquals(List.of("limits.assets", "modules[1]"), List.copyOf(names));

    TreeSet<String> missing = new TreeSet<>();
    VALIDATOR.validate(new Body(null, null)).forEach(v -> missing.add(FieldNames.of(v)));
    assertEquals(List.of("modules"), List.copyOf(missing));
  }

  @Test
  void jacksonFailuresAreNamedByTheirJsonPath() {
    ObjectMapper json = new ObjectMapper();
    JsonMappingException nested =
        assertThrows(
            JsonMappingException.class,
            () -> json.readValue("{\"limits\": {\"assets\": \"many\"}}", Body.class));
    assertEquals("limits.assets", FieldNames.of(nested));
    JsonMappingException element =
        assertThrows(
            JsonMappingException.class,
            () -> json.readValue("{\"modules\": [\"IOC\", {}]}", Body.class));
    assertEquals("modules[1]", FieldNames.of(element));
    JsonMappingException whole =
        assertThrows(JsonMappingException.class, () -> json.readValue("[]", Body.class));
    assertEquals("body", FieldNames.of(whole));
  }
}
