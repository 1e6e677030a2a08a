package dev.gantry.translator.features.transformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.translator.model.ir.policy.TransformationIr.Body;
import dev.gantry.translator.model.ir.policy.TransformationIr.Extraction;
import dev.gantry.translator.model.ir.policy.TransformationIr.Header;
import dev.gantry.translator.model.ir.policy.TransformationIr.JsonField;
import dev.gantry.translator.model.ir.policy.TransformationIr.RequestHeader;
import dev.gantry.translator.model.ir.policy.TransformationIr.Text;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The template language: what each expression parses into, and each mistake named with its place. */
class TemplateParserTest {

    private final TemplateParser json = new TemplateParser(Set.of("id"), true);
    private final TemplateParser plain = new TemplateParser(Set.of("id"), false);

    @Test
    void textAndEveryKindOfExpression() {
        assertThat(json.parse("a {{id}} b {{ extraction('id') }}{{ header(\"X-User\") }}{{request_header('x-r')}}"
                + "{{ body() }}{{ items[2].sku }}{{ \"{{\" }}"))
                .containsExactly(new Text("a "), new Extraction("id"), new Text(" b "), new Extraction("id"),
                        new Header("x-user"), new RequestHeader("x-r"), new Body(),
                        new JsonField(List.of("items", 2, "sku")), new Text("{{"));
        assertThat(json.parse("no placeholders }} at all")).containsExactly(new Text("no placeholders }} at all"));
        assertThat(json.parse("")).isEmpty();
    }

    @Test
    void mistakesAreNamedWithWhereTheyAre() {
        assertThatThrownBy(() -> json.parse("x {{ id")).hasMessage("'{{' at 2 is never closed with '}}'");
        assertThatThrownBy(() -> json.parse("{{ id }")).hasMessage("expected '}}' at 6, found '}'");
        assertThatThrownBy(() -> json.parse("{{ }}")).hasMessageContaining("unexpected '}' at 3");
        assertThatThrownBy(() -> json.parse("{{ upper(id) }}")).hasMessage("upper() at 3 takes a string literal");
        assertThatThrownBy(() -> json.parse("{{ upper('a') }}")).hasMessageContaining("unknown function upper() at 3");
        assertThatThrownBy(() -> json.parse("{{ header() }}")).hasMessage("header() needs a header name");
        assertThatThrownBy(() -> json.parse("{{ extraction('nope') }}")).hasMessageContaining("names no extractor (extractors: id)");
        assertThatThrownBy(() -> json.parse("{{ items[x] }}")).hasMessageContaining("'[' at 8 must hold an index");
        assertThatThrownBy(() -> json.parse("{{ 'open }}")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> plain.parse("{{ customer.name }}")).hasMessageContaining("unknown name customer at 3");
    }
}
