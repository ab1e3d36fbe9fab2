using System.Text.Json.Nodes;
using Fulfillment.Operations.Filing;
using Fulfillment.Operations.Inventory;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Returns;
using Fulfillment.Server.Workflows;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Fulfillment.Server.Flows;

/// <summary>A customer's return: what comes back (empty: everything), why, and whether they want the same goods again.</summary>
public sealed record ReturnRequestBody(string? Reason, IReadOnlyList<ReturnedItem?>? Items, bool? Exchange, string? Comment);

public sealed record ReturnStarted(int ReturnId, string InstanceId, string Reference);

public static class ReturnEndpoints
{
    /// <summary><c>POST /api/orders/{id}/returns</c>: opens a return and starts the returns workflow for it.</summary>
    public static RouteGroupBuilder MapReturnEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/orders/{id:int}/returns", async (int id, ReturnRequestBody body, HttpContext http, OrderService orders,
                WorkflowRuntime runtime, IOptions<ReturnsOptions> options, CancellationToken ct) =>
            {
                var order = await orders.FindAsync(id, ct);
                if (order is null)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Order {id} was not found.");
                }

                var reason = ReturnReason.NoLongerNeeded;
                if (body.Reason is { } text && (!Enum.TryParse(text, ignoreCase: true, out reason) || int.TryParse(text, out _)))
                {
                    return ApiProblems.BadRequest("reason", $"'{text}' is not one of {string.Join(", ", Enum.GetNames<ReturnReason>())}.");
                }

                var items = new List<ReturnedItem>();
                for (var i = 0; i < (body.Items?.Count ?? 0); i++)
                {
                    if (body.Items![i] is not { Sku.Length: > 0 } item)
                    {
                        return ApiProblems.BadRequest($"items[{i}].sku", "Each item needs a sku.");
                    }

                    items.Add(item);
                }

                if (ReturnService.Validate(order, items) is { } refusal)
                {
                    return ApiProblems.BadRequest(refusal.Path, refusal.Message);
                }

                var input = new JsonObject
                {
                    ["orderId"] = order.Id,
                    ["orderNumber"] = order.OrderNumber,
                    ["reason"] = reason.ToString(),
                    ["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["sku"] = i.Sku, ["quantity"] = i.Quantity })]),
                    ["exchange"] = body.Exchange ?? false,
                    ["comment"] = body.Comment,
                };
                var instance = await runtime.StartAsync(options.Value.WorkflowId, input, $"return:{order.OrderNumber}", http.Actor(), ct);
                if (instance.State.Variables["returnId"] is not { } returnId)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict,
                        detail: $"The returns workflow '{options.Value.WorkflowId}' did not open a return (its first step must be OpenReturn with the output returnId).");
                }

                var started = new ReturnStarted(returnId.GetValue<int>(), instance.Id, OrderPaperwork.ReturnReference(returnId.GetValue<int>()));
                return Results.Created($"/api/instances/{instance.Id}", started);
            })
            .WithTags("Orders")
            .WithSummary("Opens a return for a shipped order (items, reason, refund or exchange) and starts the returns workflow.");
        return api;
    }
}
