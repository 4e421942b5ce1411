package io.jirasync.jira;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Jira's REST API relative to {@code <site>/rest/api/<version>}, as built per site by {@link JiraConnections}.
 * Every method answers the raw {@link Response}: {@link JiraClient} reads rate-limit headers and error bodies
 * itself and serialises request bodies itself, so that what is sent is exactly what was validated.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface JiraRestApi extends AutoCloseable {

    @GET
    @Path("myself")
    Response myself();

    @GET
    @Path("serverInfo")
    Response serverInfo();

    @GET
    @Path("project/{project}")
    Response project(@PathParam("project") String project);

    @GET
    @Path("issue/createmeta/{project}/issuetypes")
    Response createMetaIssueTypes(@PathParam("project") String project, @QueryParam("startAt") int startAt,
            @QueryParam("maxResults") int maxResults);

    @GET
    @Path("issue/createmeta/{project}/issuetypes/{issueTypeId}")
    Response createMetaFields(@PathParam("project") String project, @PathParam("issueTypeId") String issueTypeId,
            @QueryParam("startAt") int startAt, @QueryParam("maxResults") int maxResults);

    @GET
    @Path("issue/createmeta")
    Response legacyCreateMeta(@QueryParam("projectKeys") String projectKeys, @QueryParam("expand") String expand);

    @POST
    @Path("issue")
    Response createIssue(String body);

    @GET
    @Path("issue/{key}")
    Response issue(@PathParam("key") String key, @QueryParam("fields") String fields);

    @PUT
    @Path("issue/{key}")
    Response editIssue(@PathParam("key") String key, String body);

    @GET
    @Path("issue/{key}/transitions")
    Response transitions(@PathParam("key") String key, @QueryParam("expand") String expand);

    @POST
    @Path("issue/{key}/transitions")
    Response transition(@PathParam("key") String key, String body);

    @PUT
    @Path("issue/{key}/assignee")
    Response assign(@PathParam("key") String key, String body);

    @POST
    @Path("issue/{key}/comment")
    Response addComment(@PathParam("key") String key, String body);

    @POST
    @Path("search/jql")
    Response searchJql(String body);

    @POST
    @Path("search")
    Response search(String body);

    @GET
    @Path("user/search")
    Response userSearchCloud(@QueryParam("query") String query, @QueryParam("maxResults") int maxResults);

    @GET
    @Path("user/search")
    Response userSearchServer(@QueryParam("username") String username, @QueryParam("maxResults") int maxResults);

    @Override
    void close();
}
