namespace Fulfillment.Workflows.EntityFrameworkCore; internal static class AssemblyMarker { }
