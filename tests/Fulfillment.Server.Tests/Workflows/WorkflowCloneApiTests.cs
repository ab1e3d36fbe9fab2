using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Workflows;

/// <summary><c>POST /api/workflows/{id}/clone</c> and the version count of the list (the Studio's workflows list uses both services).</summary>
public sealed class WorkflowCloneApiTests(FulfillmentServerFactory server) : IClassFixture<FulfillmentServerFactory>
{
    private const string Seeded = "payment-confirmation";

    [Fact]
    public async Task A_clone_is_a_new_workflow_whose_draft_copies_the_source()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var response = await admin.PostAsJsonAsync($"/api/workflows/{Seeded}/clone", new { id = "payment-copy", name = "Payment copy" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe("/api/workflows/payment-copy");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("version").GetInt32().ShouldBe(1);
        body.GetProperty("isPublished").GetBoolean().ShouldBeFalse();
        body.GetProperty("errors").GetArrayLength().ShouldBe(0);

        var source = await admin.GetFromJsonAsync<JsonElement>($"/api/workflows/{Seeded}");
        var clone = await admin.GetFromJsonAsync<JsonElement>("/api/workflows/payment-copy");
        clone.GetProperty("name").GetString().ShouldBe("Payment copy");
        clone.GetProperty("definition").GetProperty("id").GetString().ShouldBe("payment-copy");
        clone.GetProperty("definition").GetProperty("activities").GetArrayLength()
            .ShouldBe(source.GetProperty("definition").GetProperty("activities").GetArrayLength());

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/workflows");
        var entry = list.EnumerateArray().Single(w => w.GetProperty("id").GetString() == "payment-copy");
        entry.GetProperty("versionCount").GetInt32().ShouldBe(1);
        entry.GetProperty("hasDraft").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Cloning_onto_a_taken_id_is_409_and_from_a_missing_workflow_404()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var taken = await admin.PostAsJsonAsync($"/api/workflows/{Seeded}/clone", new { id = Seeded, name = "Again" });
        using var missing = await admin.PostAsJsonAsync("/api/workflows/no-such-workflow/clone", new { id = "fresh-id", name = "Fresh" });

        (await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain(Seeded);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_new_id_or_a_missing_name_is_400_naming_it()
    {
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var badId = await admin.PostAsJsonAsync($"/api/workflows/{Seeded}/clone", new { id = "Not Valid", name = "X" });
        using var noName = await admin.PostAsJsonAsync($"/api/workflows/{Seeded}/clone", new { id = "no-name" });

        (await badId.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("path").GetString().ShouldBe("$.id");
        (await noName.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("name", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Only_process_owners_and_admins_clone()
    {
        using var staff = await server.CreateClientForAsync(DemoUsers.EmailFor(Roles.WarehouseStaff));

        using var response = await staff.PostAsJsonAsync($"/api/workflows/{Seeded}/clone", new { id = "staff-copy", name = "Staff copy" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
