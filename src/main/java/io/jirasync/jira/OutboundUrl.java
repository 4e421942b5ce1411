package io.jirasync.jira;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A URL the worker will call (a Jira site, a tracker callback) that {@link OutboundAddressGuard} accepts as written:
 * no credentials in it, no plain http to Atlassian Cloud, no metadata host. Its addresses are checked at each call.
 */
@Documented
@Constraint(validatedBy = OutboundUrlValidator.class)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
public @interface OutboundUrl {

    String message() default "is refused";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
