using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Server.Workflows;

namespace Fulfillment.Server.Operations;

/// <summary>The answer to <c>POST /api/orders</c>: 201 for a new order, 200 with the first order for a known order number.</summary>
public sealed record PlaceOrderResponse(int Id, string OrderNumber, string? InstanceId);

public sealed record CancelOrderRequest(string? Reason);

public sealed record PaymentUpdateRequest(string? Status);

public static class OrderEndpoints
{
    public static RouteGroupBuilder MapOrderEndpoints(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders");

        orders.MapPost("/", async (PlaceOrderRequest request, HttpContext http, OrderProcessing processing, CancellationToken ct) =>
            {
                var placed = await processing.PlaceAsync(request, http.Actor(), ct);
                var response = new PlaceOrderResponse(placed.Id, placed.OrderNumber, placed.InstanceId);
                return placed.Created ? Results.Created($"/api/orders/{placed.Id}", response) : Results.Ok(response);
            })
            .Produces<PlaceOrderResponse>(StatusCodes.Status201Created)
            .Produces<PlaceOrderResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Places an order and starts its workflow (Fulfillment:Operations:OrderWorkflowId). The same orderNumber again answers 200 with the first order; 400 names the JSON path of each problem; 503 while the workflow is not published.");

        orders.MapGet("/", async (string? status, string? search, int? skip, int? take, OrderService service, CancellationToken ct) =>
            {
                OrderStatus? wanted = null;
                if (status is not null)
                {
                    if (!Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                    {
                        return ApiProblems.BadRequest("status", $"'{status}' is not one of {string.Join(", ", Enum.GetNames<OrderStatus>())}.");
                    }

                    wanted = parsed;
                }

                if (take is < 1 or > 500)
                {
                    return ApiProblems.BadRequest("take", "Take between 1 and 500 orders.");
                }

                return Results.Ok(await service.ListAsync(new OrderQuery(wanted, search, skip ?? 0, take ?? 50), ct));
            })
            .Produces<OrderPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Orders, newest first: `status` filter, `search` in order number, customer name and email, paging with `skip` and `take` (default 50).");

        orders.MapGet("/{id:int}", async (int id, OrderService service, CancellationToken ct) =>
                await service.GetDetailsAsync(id, ct) is { } order ? Results.Ok(order) : NotFound(id))
            .Produces<OrderDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The order: status and its history, lines and where their stock is held, shipments with tracking events, document links, returns, feedback.");

        orders.MapGet("/{id:int}/documents/{documentId:int}", async (int id, int documentId, OrderService service, CancellationToken ct) =>
                await service.GetDocumentAsync(id, documentId, ct) is { } document
                    ? Results.File(document.Content, document.ContentType, document.FileName)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Order {id} has no document {documentId}."))
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Downloads a document filed with the order (invoice, packing slip, return instructions, label).");

        orders.MapPost("/{id:int}/cancel", async (int id, CancelOrderRequest? request, HttpContext http, OrderProcessing processing, OrderService service, CancellationToken ct) =>
            {
                await processing.CancelAsync(id, http.Actor(), request?.Reason, ct);
                return Results.Ok(await service.GetDetailsAsync(id, ct));
            })
            .RequireAuthorization(OperationsApiServiceCollectionExtensions.OrderDeskPolicy)
            .Produces<OrderDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancels the order: status Cancelled, its workflow instance cancelled, its stock released. Repeating it is harmless; 409 once it has shipped.");

        orders.MapPost("/{id:int}/payment", async (int id, PaymentUpdateRequest request, HttpContext http, OrderProcessing processing, OrderService service, CancellationToken ct) =>
            {
                if (request.Status is null || !Enum.TryParse<PaymentStatus>(request.Status, ignoreCase: true, out var status) || int.TryParse(request.Status, out _))
                {
                    return ApiProblems.BadRequest("status", $"Give one of {string.Join(", ", Enum.GetNames<PaymentStatus>())}.");
                }

                await processing.RecordPaymentAsync(id, status, http.Actor(), ct);
                return Results.Ok(await service.GetDetailsAsync(id, ct));
            })
            .RequireAuthorization(OperationsApiServiceCollectionExtensions.OrderDeskPolicy)
            .Produces<OrderDetails>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Records the payment status (Pending, Paid, Failed, Refunded) and sends the event `payment:<orderNumber>` with `{status}`.");
        return api;
    }

    private static IResult NotFound(int id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Order {id} was not found.");
}
