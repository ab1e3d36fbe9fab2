namespace Fulfillment.Workflows; internal static class AssemblyMarker { }
