using System.Net.Http.Json;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Tests.Infrastructure;

namespace Fulfillment.Server.Tests.Identity;

public sealed class DemoUserTests(FulfillmentServerFactory factory) : IClassFixture<FulfillmentServerFactory>
{
    public static TheoryData<string> RolesWithOwnDemoUser => [.. Roles.All.Where(role => role != Roles.Admin)];

    [Theory]
    [MemberData(nameof(RolesWithOwnDemoUser))]
    public async Task Every_role_has_a_demo_user_who_can_sign_in(string role)
    {
        var email = DemoUsers.EmailFor(role);
        using var client = await factory.CreateClientForAsync(email);

        var me = await client.GetFromJsonAsync<CurrentUserResponse>(new Uri("/api/auth/me", UriKind.Relative));

        me.ShouldNotBeNull();
        me.Email.ShouldBe(email);
        me.Roles.ShouldContain(role);
    }

    [Fact]
    public void Demo_user_emails_follow_the_role_slug()
    {
        DemoUsers.EmailFor(Roles.WarehouseManager).ShouldBe("warehouse-manager@demo.local");
        DemoUsers.EmailFor(Roles.ProcessOwner).ShouldBe("process-owner@demo.local");
        DemoUsers.EmailFor(Roles.OrderVerification).ShouldBe("order-verification@demo.local");
        DemoUsers.All.Select(user => user.Email).ShouldBeUnique();
        DemoUsers.All.Count.ShouldBe(Roles.All.Count);
    }
}
