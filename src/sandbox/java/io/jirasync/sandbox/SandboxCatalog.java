package io.jirasync.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The sandbox's fixed Jira configuration: users, projects, issue types, fields, workflow, priorities. */
final class SandboxCatalog {

    /** What a user may do in a project. */
    enum Access {
        NONE,
        BROWSE,
        FULL
    }

    /** A Jira user; {@code emailVisible} false hides the address on Cloud as a privacy setting does. */
    record User(String accountId, String name, String displayName, String email, boolean emailVisible,
            Map<String, Access> access) {
        Access accessTo(String projectKey) {
            return access.getOrDefault(projectKey, Access.NONE);
        }
    }

    /** An id/name pair: option, component, version, priority, resolution, issue type. */
    record Ref(String id, String name) {
    }

    /** How a field's value is shaped and validated. */
    enum Kind {
        STRING,
        RICH,
        NUMBER,
        DATE,
        OPTION,
        OPTIONS,
        LABELS,
        COMPONENTS,
        VERSIONS,
        USER,
        PRIORITY,
        PROJECT,
        ISSUETYPE,
        RESOLUTION
    }

    /** A field definition; {@code custom} is the custom field type key, null for system fields. */
    record Field(String id, String name, Kind kind, String schemaType, String items, String custom,
            List<Ref> options) {
        boolean isCustom() {
            return custom != null;
        }

        Long customId() {
            return isCustom() ? Long.valueOf(id.substring("customfield_".length())) : null;
        }
    }

    /** An issue type with its create screen (field id to required). */
    record IssueType(String id, String name, String description, Map<String, Boolean> screen) {
    }

    /** A workflow status and its category key ({@code new}, {@code indeterminate}, {@code done}). */
    record Status(String id, String name, String categoryKey) {
    }

    /** A workflow transition; {@code from} empty means available from every other status. */
    record Transition(String id, String name, String toStatusId, Set<String> from, boolean requiresResolution) {
    }

    /** A project with its versions and components. */
    record Project(String id, String key, String name, List<Ref> versions, List<Ref> components) {
    }

    static final String BOT_ACCOUNT_ID = "5b10ac8d82e05b22cc7d4ef5";

    final List<User> users = List.of(
            new User(BOT_ACCOUNT_ID, "jira-sync", "jira-sync bot", "jira-sync@example.com", true,
                    Map.of("DEMO", Access.FULL, "OPS", Access.FULL)),
            new User("5d53f3cbc6b9320d9ea5bdc2", "ana", "Ana Silva", "ana@example.com", true,
                    Map.of("DEMO", Access.FULL, "OPS", Access.FULL)),
            new User("60e5a86a471e61006a4a41e7", "ben", "Ben Okafor", "ben@example.com", false,
                    Map.of("DEMO", Access.FULL)),
            new User("712020:3f0a2c6e-8d1b-4c9a", "carla", "Carla Viewer", "carla@example.com", true,
                    Map.of("DEMO", Access.BROWSE)),
            new User("712020:9b7e4d21-0c5f-4e8b", "dan", "Dan Outsider", "dan@example.com", false,
                    Map.of("OPS", Access.FULL)));

    final List<Status> statuses = List.of(
            new Status("10000", "To Do", "new"),
            new Status("3", "In Progress", "indeterminate"),
            new Status("10001", "Done", "done"),
            new Status("10002", "Won't Do", "done"));

    final List<Transition> transitions = List.of(
            new Transition("11", "Start work", "3", Set.of("10000"), false),
            new Transition("21", "Done", "10001", Set.of("10000", "3"), true),
            new Transition("31", "Won't Do", "10002", Set.of("10000", "3"), false),
            new Transition("41", "Reopen", "10000", Set.of("10001", "10002"), false),
            new Transition("51", "Stop work", "10000", Set.of("3"), false));

    final List<Ref> priorities = List.of(new Ref("1", "Highest"), new Ref("2", "High"), new Ref("3", "Medium"),
            new Ref("4", "Low"), new Ref("5", "Lowest"));

    final List<Ref> resolutions = List.of(new Ref("10000", "Done"), new Ref("10001", "Won't Do"),
            new Ref("10002", "Duplicate"), new Ref("10003", "Cannot Reproduce"));

    final List<Field> fields = List.of(
            system("summary", "Summary", Kind.STRING, "string", null),
            system("description", "Description", Kind.RICH, "string", null),
            system("project", "Project", Kind.PROJECT, "project", null),
            system("issuetype", "Issue Type", Kind.ISSUETYPE, "issuetype", null),
            system("priority", "Priority", Kind.PRIORITY, "priority", null),
            system("labels", "Labels", Kind.LABELS, "array", "string"),
            system("components", "Components", Kind.COMPONENTS, "array", "component"),
            system("fixVersions", "Fix versions", Kind.VERSIONS, "array", "version"),
            system("assignee", "Assignee", Kind.USER, "user", null),
            system("reporter", "Reporter", Kind.USER, "user", null),
            system("duedate", "Due date", Kind.DATE, "date", null),
            system("resolution", "Resolution", Kind.RESOLUTION, "resolution", null),
            new Field("customfield_10010", "Team", Kind.OPTION, "option", null,
                    "com.atlassian.jira.plugin.system.customfieldtypes:select",
                    List.of(new Ref("10100", "Backend"), new Ref("10101", "Frontend"), new Ref("10102", "Platform"))),
            new Field("customfield_10011", "Environments", Kind.OPTIONS, "array", "option",
                    "com.atlassian.jira.plugin.system.customfieldtypes:multiselect",
                    List.of(new Ref("10110", "production"), new Ref("10111", "staging"), new Ref("10112", "dev"))),
            new Field("customfield_10012", "Error details", Kind.RICH, "string", null,
                    "com.atlassian.jira.plugin.system.customfieldtypes:textarea", List.of()),
            new Field("customfield_10013", "Occurrences", Kind.NUMBER, "number", null,
                    "com.atlassian.jira.plugin.system.customfieldtypes:float", List.of()),
            new Field("customfield_10014", "First seen", Kind.DATE, "date", null,
                    "com.atlassian.jira.plugin.system.customfieldtypes:datepicker", List.of()),
            new Field("customfield_10015", "Reviewer", Kind.USER, "user", null,
                    "com.atlassian.jira.plugin.system.customfieldtypes:userpicker", List.of()),
            new Field("customfield_10016", "Fingerprint", Kind.STRING, "string", null,
                    "com.atlassian.jira.plugin.system.customfieldtypes:textfield", List.of()),
            new Field("customfield_10017", "Story points", Kind.NUMBER, "number", null,
                    "com.atlassian.jira.plugin.system.customfieldtypes:float", List.of()),
            new Field("customfield_10018", "Tags", Kind.LABELS, "array", "string",
                    "com.atlassian.jira.plugin.system.customfieldtypes:labels", List.of()));

    final List<IssueType> issueTypes = List.of(
            new IssueType("10004", "Bug", "A problem which impairs or prevents the functions of the product.",
                    screen("summary", true, "issuetype", true, "project", true, "customfield_10010", true,
                            "description", false, "priority", false, "labels", false, "components", false,
                            "fixVersions", false, "assignee", false, "reporter", false, "duedate", false,
                            "customfield_10011", false, "customfield_10012", false, "customfield_10013", false,
                            "customfield_10014", false, "customfield_10015", false, "customfield_10016", false,
                            "customfield_10018", false)),
            new IssueType("10001", "Task", "A task that needs to be done.",
                    screen("summary", true, "issuetype", true, "project", true, "description", false,
                            "priority", false, "labels", false, "assignee", false, "duedate", false,
                            "customfield_10017", false)));

    final List<Project> projects = List.of(
            new Project("10000", "DEMO", "Demo",
                    List.of(new Ref("10000", "1.0"), new Ref("10001", "1.1"), new Ref("10002", "2.0")),
                    List.of(new Ref("10000", "Backend"), new Ref("10001", "Frontend"), new Ref("10002", "API"))),
            new Project("10001", "OPS", "Operations", List.of(new Ref("10010", "2024.1")),
                    List.of(new Ref("10010", "Infrastructure"))));

    Optional<User> userByAccountId(String accountId) {
        return users.stream().filter(u -> u.accountId().equals(accountId)).findFirst();
    }

    Optional<User> userByName(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** Basic auth names a user by e-mail (Cloud) or by user name (Server). */
    Optional<User> userByLogin(String login) {
        return users.stream().filter(u -> u.name().equals(login) || u.email().equalsIgnoreCase(login)).findFirst();
    }

    Optional<Field> field(String id) {
        return fields.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    Optional<Status> status(String id) {
        return statuses.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    Optional<Project> project(String idOrKey) {
        return projects.stream().filter(p -> p.key().equals(idOrKey) || p.id().equals(idOrKey)).findFirst();
    }

    Optional<IssueType> issueType(String id) {
        return issueTypes.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    Optional<IssueType> issueTypeByName(String name) {
        return issueTypes.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    Optional<Transition> transition(String id) {
        return transitions.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private static Field system(String id, String name, Kind kind, String type, String items) {
        return new Field(id, name, kind, type, items, null, List.of());
    }

    private static Map<String, Boolean> screen(Object... pairs) {
        Map<String, Boolean> screen = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            screen.put((String) pairs[i], (Boolean) pairs[i + 1]);
        }
        return screen;
    }
}
