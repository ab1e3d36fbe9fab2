using System.Net;
using System.Net.Http.Json;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Operations;

public sealed class OrderWorkflowMissingTests(FulfillmentServerFactory server) : IClassFixture<FulfillmentServerFactory>
{
    [Fact]
    public async Task Orders_are_refused_with_a_clear_problem_until_the_order_workflow_is_published()
    {
        // workflows/ publishes the default order workflow at start-up: point the orders at one that does not exist.
        server.Settings["Fulfillment:Operations:OrderWorkflowId"] = "unpublished-orders";
        using var admin = await server.CreateClientForAsync(DemoUsers.AdminEmail);

        using var response = await admin.PostAsJsonAsync("/api/orders", OperationsApiFixture.Order("MISS-1", ("EL-1001", 1)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("workflowId").GetString().ShouldBe("unpublished-orders");
        problem.GetProperty("detail").GetString()!.ShouldContain("not published");
        (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/orders")).GetProperty("total").GetInt32().ShouldBe(0);
    }
}
