package io.jirasync.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TemplateEngineTest {

    private final TemplateEngine engine = new TemplateEngine();
    private final TemplateValues values = name -> Optional.ofNullable(Map.of(
            "hostname", "web-2", "version", "2.3.1", "title", "NPE in Cart", "build.id", "b-77", "count", "42")
            .get(name));

    @Test
    void replacesBareAndBracedNamesAmidLiteralText() {
        Rendered r = engine.render("Hostname: $hostname, Version: $version", values);
        assertEquals("Hostname: web-2, Version: 2.3.1", r.text());
        assertEquals(Set.of(), r.unknown());
        assertEquals("web-2.example build b-77", engine.render("${hostname}.example build ${build.id}", values).text());
    }

    @Test
    void bareNameEndsAtTheFirstCharacterThatCannotBeInAName() {
        assertEquals("Seen 42 times.", engine.render("Seen $count times.", values).text());
        assertEquals("2.3.1-web-2", engine.render("$version-$hostname", values).text());
    }

    @Test
    void doubleDollarIsALiteralDollarAndLoneDollarsStay() {
        assertEquals("costs $5 and $hostname is web-2", engine.render("costs $5 and $$hostname is $hostname", values).text());
        assertEquals("end $", engine.render("end $", values).text());
        assertEquals("a ${ b", engine.render("a ${ b", values).text());
    }

    @Test
    void unknownNamesRenderEmptyAndAreReported() {
        Rendered r = engine.render("[$environment] $title ${region}", values);
        assertEquals("[] NPE in Cart ", r.text());
        assertEquals(Set.of("environment", "region"), r.unknown());
    }

    @Test
    void emptyTemplateRendersEmptyAndNamesNeedALeadingAsciiLetterOrUnderscore() {
        assertEquals(new Rendered("", Set.of()), engine.render(null, values));
        assertEquals(new Rendered("", Set.of()), engine.render("", values));
        assertEquals("$1 $é $-x", engine.render("$1 $é $-x", values).text());
        assertEquals("web-2", engine.render("${ hostname }", values).text(), "braced names are trimmed");
        assertEquals("${}", engine.render("${}", values).text());
    }

    @Test
    void anUnknownNameUsedTwiceIsReportedOnceInTheOrderMet() {
        Rendered r = engine.render("$zone/$env/$zone", values);
        assertEquals("//", r.text());
        assertEquals(List.of("zone", "env"), List.copyOf(r.unknown()));
    }
}
