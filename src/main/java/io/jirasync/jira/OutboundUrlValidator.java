package io.jirasync.jira;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks an {@link OutboundUrl} with the address guard's rules for the URL itself; resolves nothing. */
@ApplicationScoped
public class OutboundUrlValidator implements ConstraintValidator<OutboundUrl, String> {

    private final OutboundAddressGuard guard;

    OutboundUrlValidator(OutboundAddressGuard guard) {
        this.guard = guard;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        Optional<String> refusal;
        try {
            refusal = guard.urlRefusal(new URI(value.trim()));
        } catch (URISyntaxException notAUrl) {
            // The field's own pattern says what a URL looks like.
            return true;
        }
        refusal.ifPresent(why -> {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(escaped("is refused: " + why)).addConstraintViolation();
        });
        return refusal.isEmpty();
    }

    // The reason is a message template: braces and dollars would be read as parameters and expressions.
    private static String escaped(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
