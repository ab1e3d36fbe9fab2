namespace Fulfillment.Workflows.Tests; public class PlaceholderTests { [Fact] public void Works() => 1.ShouldBe(1); }
