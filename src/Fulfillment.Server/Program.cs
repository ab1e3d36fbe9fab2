using Fulfillment.Server.Flows;
using Fulfillment.Server.Hosting;
using Fulfillment.Server.Identity;
using Fulfillment.Server.Operations;
using Fulfillment.Server.Scheduling;
using Fulfillment.Server.Studio;
using Fulfillment.Server.Studio.Designer;
using Fulfillment.Server.Tasks;
using Fulfillment.Server.Workflows;

var builder = WebApplication.CreateBuilder(args);

// The Studio's CSS and scripts (its own and MudBlazor's) are served from where the build put them in
// every environment, not only in Development; a published server has them in wwwroot instead.
builder.WebHost.UseStaticWebAssets();

builder.Configuration.AddFulfillmentDefaults();
builder.Services.AddFulfillmentServerOptions();
builder.Services.AddFulfillmentProblemDetails();
builder.Services.AddFulfillmentIdentity();
builder.Services.AddFulfillmentOpenApi();
builder.Services.AddFulfillmentHealthChecks();
builder.Services.AddFulfillmentClock();
builder.Services.AddFulfillmentWorkflows();
builder.Services.AddFulfillmentTasks();
builder.Services.AddFulfillmentOperations();
builder.Services.AddFulfillmentScheduling();

// After scheduling: start-up tasks run in registration order, and the flows' task registers a Hangfire
// recurring job, which needs the Hangfire schema that scheduling's task creates on PostgreSQL.
builder.Services.AddFulfillmentFlows();
builder.Services.AddFulfillmentStudio();
builder.Services.AddStudioDesigner();

var app = builder.Build();

app.UseFulfillmentErrorHandling();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapFulfillmentHealthChecks();
app.MapFulfillmentOpenApi();

// Every /api endpoint requires a signed-in user unless it explicitly opts out (only login does).
var api = app.MapGroup("/api").RequireAuthorization();
api.MapAuthEndpoints();
api.MapWorkflowDefinitionEndpoints();
api.MapInstanceEndpoints();
api.MapTaskEndpoints();
app.MapTaskLinkEndpoints();
api.MapOutboxEndpoints();
api.MapSimulationEndpoints();
api.MapOrderEndpoints();
api.MapInventoryEndpoints();
api.MapKpiEndpoints();
app.MapFulfillmentFlows(api);
app.MapFulfillmentHangfireDashboard();
app.MapFulfillmentStudio();

// Directories, SQLite WAL, migrations and demo users: done before the server takes a request.
await app.RunStartupTasksAsync();
await app.RunAsync();

/// <summary>Public so tests can host the server with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
