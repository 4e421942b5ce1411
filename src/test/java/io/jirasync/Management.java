package io.jirasync;

import java.net.URI;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface of the application under test: health, metrics, the OpenAPI document and Swagger UI
 * are served there, on a port of its own that the test profile lets Quarkus pick.
 */
public final class Management {

    private Management() {
    }

    /**
     * The management interface's origin as Quarkus started it, such as {@code http://localhost:43127}: paths keep
     * their {@code /q/...} as a probe or a scraper writes them.
     */
    public static String url() {
        URI management = URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        return management.getScheme() + "://" + management.getAuthority();
    }

    /** A rest-assured request to the management interface. */
    public static RequestSpecification given() {
        return RestAssured.given().baseUri(url());
    }
}
