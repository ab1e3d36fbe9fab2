using System.Security.Claims;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Studio.Services;
using Fulfillment.Studio.Tests.Infrastructure;
using Fulfillment.Workflows.Definitions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Studio.Tests;

/// <summary>
/// The Studio's own permission check, below the UI: a circuit whose user is not an editor cannot
/// change definitions even if it somehow raised the event of a hidden button.
/// </summary>
[Collection(StudioTestGroup.Name)]
public sealed class WorkflowCatalogTests(StudioFixture studio)
{
    [Fact]
    public async Task Changes_demand_the_editor_policy_while_reading_does_not()
    {
        await using var scope = studio.Server.Services.CreateAsyncScope();
        var catalog = CatalogFor(scope.ServiceProvider, Roles.WarehouseStaff);

        (await catalog.CanEditAsync()).ShouldBeFalse();
        (await catalog.ListAsync(CancellationToken.None)).ShouldContain(w => w.Id == "payment-confirmation");
        await Should.ThrowAsync<UnauthorizedAccessException>(() => catalog.CreateAsync("sneaky", "Sneaky", CancellationToken.None));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => catalog.CloneAsync("payment-confirmation", "sneaky", "Sneaky", CancellationToken.None));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => catalog.DeleteDraftAsync("payment-confirmation", CancellationToken.None));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => catalog.ImportAsync(
            """{ "schemaVersion": 1, "id": "sneaky", "name": "Sneaky", "activities": [ { "id": "start", "type": "Start" } ], "connections": [] }""",
            CancellationToken.None));

        var store = scope.ServiceProvider.GetRequiredService<IWorkflowDefinitionStore>();
        (await store.FindAsync("sneaky", null, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_process_owner_may_edit()
    {
        await using var scope = studio.Server.Services.CreateAsyncScope();

        (await CatalogFor(scope.ServiceProvider, Roles.ProcessOwner).CanEditAsync()).ShouldBeTrue();
    }

    private static WorkflowCatalog CatalogFor(IServiceProvider services, string role) => new(
        services.GetRequiredService<IWorkflowDefinitionStore>(),
        services.GetRequiredService<WorkflowDefinitionService>(),
        new FixedAuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "someone@demo.local"), new Claim(ClaimTypes.Role, role)], authenticationType: "Test"))),
        services.GetRequiredService<IAuthorizationService>());

    private sealed class FixedAuthenticationState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
