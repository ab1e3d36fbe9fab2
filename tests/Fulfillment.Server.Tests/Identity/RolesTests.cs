using Fulfillment.Server.Identity;

namespace Fulfillment.Server.Tests.Identity;

public sealed class RolesTests
{
    [Theory]
    [InlineData("Admin", "admin")]
    [InlineData("Customer Service Manager", "customer-service-manager")]
    [InlineData("  Senior   Sales Manager ", "senior-sales-manager")]
    [InlineData("Q&A / Returns", "q-a-returns")]
    public void ToSlug_lower_cases_and_hyphenates(string role, string expected)
        => Roles.ToSlug(role).ShouldBe(expected);

    [Fact]
    public void All_lists_every_role_once()
    {
        Roles.All.Count.ShouldBe(10);
        Roles.All.ShouldBeUnique();
        Roles.All.Select(Roles.ToSlug).ShouldBeUnique();
    }
}
