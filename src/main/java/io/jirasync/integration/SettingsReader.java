package io.jirasync.integration;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;

import io.jirasync.domain.InvalidInputException;
import io.jirasync.problem.JsonProblemMapper;
import io.jirasync.problem.ValidationProblemMapper;

/**
 * The one reader of an integration settings document, for {@code PUT}, the unsaved {@code test} and
 * {@code preview}, and the console: every unknown key, every value of the wrong type and every constraint broken
 * is named at once, in one {@link InvalidInputException}, instead of the first one alone.
 */
@ApplicationScoped
public class SettingsReader {

    private final ObjectMapper json;
    private final Validator validator;

    SettingsReader(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** The settings in {@code body}, or an {@link InvalidInputException} naming every bad field. */
    public IntegrationSettings read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw InvalidInputException.of("body", "must be a JSON object with the integration settings");
        }
        List<InvalidInputException.Field> errors = new ArrayList<>();
        // Settings are typed by people: a misspelt key is an error, not silently ignored; but all of them at once.
        unknownKeys(body, IntegrationSettings.class, "", errors);
        ObjectReader reader = json.readerFor(IntegrationSettings.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).withHandler(new Collecting(errors));
        IntegrationSettings settings = null;
        try {
            settings = reader.readValue(body);
        } catch (JsonMappingException e) {
            errors.add(new InvalidInputException.Field(JsonProblemMapper.pathOf(e.getPath()), reason(e)));
        } catch (IOException e) {
            errors.add(new InvalidInputException.Field("body", reason(e)));
        }
        if (settings != null) {
            validator.validate(settings).stream()
                    .map(v -> new InvalidInputException.Field(ValidationProblemMapper.fieldOf(v), v.getMessage()))
                    .sorted(Comparator.comparing(InvalidInputException.Field::field)).forEach(errors::add);
            IntegrationSettings.Jira jira = settings.jira();
            if (jira != null && "server".equals(jira.deployment()) && jira.apiVersion() != null
                    && jira.apiVersion() != 2) {
                errors.add(new InvalidInputException.Field("jira.apiVersion",
                        "Jira Server/Data Center speaks REST API version 2 only"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return settings;
    }

    /** Each key of {@code node} that no component of the record {@code type} (or of the records in it) names. */
    private static void unknownKeys(JsonNode node, Type type, String at, List<InvalidInputException.Field> errors) {
        if (type instanceof ParameterizedType list && List.class.equals(list.getRawType()) && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unknownKeys(node.get(i), list.getActualTypeArguments()[0], at + "[" + i + "]", errors);
            }
            return;
        }
        if (!(type instanceof Class<?> record) || !record.isRecord() || !node.isObject()) {
            return;
        }
        Map<String, Type> components = new HashMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            components.put(c.getName(), c.getGenericType());
        }
        node.properties().forEach(e -> {
            String path = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
            Type component = components.get(e.getKey());
            if (component == null) {
                errors.add(new InvalidInputException.Field(path, "is not a setting (unknown key)"));
            } else {
                unknownKeys(e.getValue(), component, path, errors);
            }
        });
    }

    private static String reason(IOException e) {
        String message = e instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage();
        int cut = message == null ? -1 : message.indexOf(" (");
        return cut > 0 ? message.substring(0, cut) : String.valueOf(message);
    }

    /** Notes each value of the wrong type with its path, and reads on without it. */
    private static final class Collecting extends DeserializationProblemHandler {

        private final List<InvalidInputException.Field> errors;

        Collecting(List<InvalidInputException.Field> errors) {
            this.errors = errors;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                String failureMsg) throws IOException {
            return wrongType(ctxt.getParser(), targetType);
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                String failureMsg) throws IOException {
            return wrongType(ctxt.getParser(), targetType);
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                JsonParser p, String failureMsg) throws IOException {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
            return wrongType(p, targetType.getRawClass());
        }

        private Object wrongType(JsonParser p, Class<?> targetType) {
            String path = path(p.getParsingContext());
            errors.add(new InvalidInputException.Field(path.isEmpty() ? "body" : path, "must be " + kind(targetType)));
            return null;
        }

        private static String kind(Class<?> type) {
            if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
                return "a number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "true or false";
            }
            if (type == String.class) {
                return "a string";
            }
            return List.class.isAssignableFrom(type) ? "a list" : "an object";
        }

        /** The context's place as {@code customFields[0].field}; empty at the top. */
        private static String path(JsonStreamContext context) {
            Deque<String> parts = new ArrayDeque<>();
            for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
                if (at.inArray()) {
                    parts.push("[" + Math.max(at.getCurrentIndex(), 0) + "]");
                } else if (at.getCurrentName() != null) {
                    parts.push("." + at.getCurrentName());
                }
            }
            String path = String.join("", parts);
            return path.startsWith(".") ? path.substring(1) : path;
        }
    }
}
