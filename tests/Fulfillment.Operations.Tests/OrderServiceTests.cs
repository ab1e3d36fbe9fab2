using System.Text.Json;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Orders;
using Fulfillment.Operations.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Tests;

public sealed class OrderServiceTests : IAsyncLifetime
{
    private OperationsHost _ops = null!;

    public async Task InitializeAsync()
    {
        _ops = await OperationsHost.CreateAsync();
        await _ops.AddProductAsync("EL-1", price: 20m);
        await _ops.AddProductAsync("CL-2", price: 7.5m, ProductCategory.Clothing);
    }

    public async Task DisposeAsync() => await _ops.DisposeAsync();

    [Fact]
    public async Task Placing_stores_lines_totals_and_a_received_history_entry()
    {
        var request = OperationsHost.Request("A-100", ("EL-1", 2), ("CL-2", 3)) with { Discount = 5m, TaxRate = 0.1m, ShippingMethod = "express" };

        var placement = await _ops.Orders.PlaceAsync(request, "shop@example.test", CancellationToken.None);

        placement.Created.ShouldBeTrue();
        var details = (await _ops.Orders.GetDetailsAsync(placement.Order.Id, CancellationToken.None))!;
        details.Status.ShouldBe(OrderStatus.Received);
        details.PaymentStatus.ShouldBe(PaymentStatus.Paid);
        details.ShippingMethod.ShouldBe(ShippingMethod.Express);
        details.Lines.Select(l => (l.LineNumber, l.Sku, l.Name, l.Quantity, l.UnitPrice, l.LineTotal))
            .ShouldBe([(1, "EL-1", "Product EL-1", 2, 20m, 40m), (2, "CL-2", "Product CL-2", 3, 7.5m, 22.5m)]);
        (details.Subtotal, details.Discount, details.Tax, details.Total).ShouldBe((62.5m, 5m, 5.75m, 63.25m));
        details.Currency.ShouldBe("USD");
        var entry = details.History.ShouldHaveSingleItem();
        (entry.From, entry.To, entry.Actor, entry.At).ShouldBe((null, OrderStatus.Received, "shop@example.test", _ops.Host.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task The_same_order_number_twice_returns_the_first_order()
    {
        var first = await _ops.Orders.PlaceAsync(OperationsHost.Request("A-200", ("EL-1", 1)), "shop", CancellationToken.None);
        var again = await _ops.Orders.PlaceAsync(OperationsHost.Request("A-200", ("EL-1", 5)), "shop", CancellationToken.None);

        again.Created.ShouldBeFalse();
        again.Order.Id.ShouldBe(first.Order.Id);
        again.Order.Lines.ShouldHaveSingleItem().Quantity.ShouldBe(1);
        (await _ops.ReadAsync(db => db.Orders.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task Twenty_concurrent_placements_of_one_order_number_store_one_order()
    {
        var placements = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            _ops.Orders.PlaceAsync(OperationsHost.Request("A-300", ("EL-1", 1)), "shop", CancellationToken.None))));

        placements.Count(p => p.Created).ShouldBe(1);
        placements.Select(p => p.Order.Id).Distinct().ShouldHaveSingleItem();
        (await _ops.ReadAsync(db => db.Orders.CountAsync())).ShouldBe(1);
        (await _ops.ReadAsync(db => db.StatusChanges.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_its_json_path()
    {
        using var instructions = JsonDocument.Parse("""["Gift wrapping", {"type": "Origami"}, 42]""");
        var request = new PlaceOrderRequest(
            " ",
            new CustomerRequest("Ada", "not-an-address"),
            new AddressRequest(null, "London", null),
            [new OrderLineRequest("EL-1", 1), new OrderLineRequest("EL-1", 0), new OrderLineRequest("NOPE", 1, -1m), null],
            "by carrier pigeon",
            [.. instructions.RootElement.EnumerateArray()],
            "maybe",
            Discount: -1m,
            TaxRate: 2m);

        var error = await Should.ThrowAsync<OperationsValidationException>(() => _ops.Orders.PlaceAsync(request, "shop", CancellationToken.None));

        error.Errors.Select(e => e.Path).ShouldBe(
        [
            "orderNumber", "customer.email", "shippingAddress.line1", "shippingAddress.country",
            "lines[1].quantity", "lines[2].sku", "lines[2].unitPrice", "lines[3]",
            "shippingMethod", "paymentStatus", "specialInstructions[1].type", "specialInstructions[2]", "taxRate", "discount",
        ], ignoreOrder: true);
        error.Errors.Single(e => e.Path == "lines[2].sku").Message.ShouldContain("NOPE");
        (await _ops.ReadAsync(db => db.Orders.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_discount_larger_than_the_subtotal_is_refused()
    {
        var request = OperationsHost.Request("A-350", ("EL-1", 1)) with { Discount = 25m };

        var error = await Should.ThrowAsync<OperationsValidationException>(() => _ops.Orders.PlaceAsync(request, "shop", CancellationToken.None));

        error.Errors.ShouldHaveSingleItem().Path.ShouldBe("discount");
    }

    [Fact]
    public async Task Shipping_methods_and_instructions_are_read_as_people_write_them()
    {
        using var instructions = JsonDocument.Parse("""
            ["Special packaging", "gift-wrapping", {"type": "CustomizedMessage", "text": "Happy birthday!"}, "Leave at the back door"]
            """);
        var request = OperationsHost.Request("A-400", ("EL-1", 1)) with
        {
            ShippingMethod = "Same-day Delivery",
            SpecialInstructions = [.. instructions.RootElement.EnumerateArray()],
            PaymentStatus = "pending",
            ShippingAddress = new AddressRequest(null, "Paris", "FR", Street: "5 Rue de Rivoli", Zip: "75001", State: "IDF"),
        };

        var order = (await _ops.Orders.PlaceAsync(request, "shop", CancellationToken.None)).Order;

        order.ShippingMethod.ShouldBe(ShippingMethod.SameDay);
        order.PaymentStatus.ShouldBe(PaymentStatus.Pending);
        order.SpecialInstructions.ShouldBe(
        [
            new SpecialInstruction(SpecialInstructionKind.SpecialPackaging),
            new SpecialInstruction(SpecialInstructionKind.GiftWrapping),
            new SpecialInstruction(SpecialInstructionKind.CustomizedMessage, "Happy birthday!"),
            new SpecialInstruction(SpecialInstructionKind.Other, "Leave at the back door"),
        ]);
        (order.ShippingAddress.Line1, order.ShippingAddress.PostalCode, order.ShippingAddress.Region).ShouldBe(("5 Rue de Rivoli", "75001", "IDF"));
        (await _ops.Orders.FindAsync(order.Id, CancellationToken.None))!.SpecialInstructions.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Status_changes_are_kept_with_actor_and_time_and_terminal_states_hold()
    {
        var order = await _ops.PlaceAsync("A-500", ("EL-1", 1));
        _ops.Host.Clock.Advance(TimeSpan.FromHours(3));

        (await _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.Verified, "clerk", "looks fine", CancellationToken.None)).ShouldBeTrue();
        (await _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.Verified, "clerk", null, CancellationToken.None)).ShouldBeFalse();
        (await _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.Cancelled, "manager", null, CancellationToken.None)).ShouldBeTrue();
        var refused = await Should.ThrowAsync<OrderStateException>(() => _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.Shipped, "clerk", null, CancellationToken.None));

        refused.Message.ShouldContain("cancelled order stays cancelled");
        var history = (await _ops.Orders.GetDetailsAsync(order.Id, CancellationToken.None))!.History;
        history.Select(h => (h.From, h.To, h.Actor)).ShouldBe(
        [
            (null, OrderStatus.Received, "tester"),
            (OrderStatus.Received, OrderStatus.Verified, "clerk"),
            (OrderStatus.Verified, OrderStatus.Cancelled, "manager"),
        ]);
        history[1].At.ShouldBe(_ops.Host.Clock.GetUtcNow());
        history[1].Note.ShouldBe("looks fine");
    }

    [Fact]
    public async Task A_shipped_order_cannot_be_cancelled_and_milestones_are_stamped_once()
    {
        var order = await _ops.PlaceAsync("A-550", ("EL-1", 1));
        _ops.Host.Clock.Advance(TimeSpan.FromDays(1));
        await _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.Shipped, "clerk", null, CancellationToken.None);
        var shippedAt = _ops.Host.Clock.GetUtcNow();
        _ops.Host.Clock.Advance(TimeSpan.FromDays(1));
        await _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.InTransit, "carrier", null, CancellationToken.None);
        await _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.Shipped, "carrier", "scanned again", CancellationToken.None);

        await Should.ThrowAsync<OrderStateException>(() => _ops.Orders.ChangeStatusAsync(order.Id, OrderStatus.Cancelled, "clerk", null, CancellationToken.None));
        (await _ops.Orders.FindAsync(order.Id, CancellationToken.None))!.ShippedAt.ShouldBe(shippedAt);
    }

    [Fact]
    public async Task The_list_filters_by_status_and_search_and_pages_newest_first()
    {
        foreach (var number in new[] { "B-1", "B-2", "C-3" })
        {
            await _ops.PlaceAsync(number, ("EL-1", 1));
            _ops.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await _ops.Orders.PlaceAsync(OperationsHost.Request("D-4", ("EL-1", 1)) with { Customer = new CustomerRequest("Grace Hopper", "grace@navy.test") }, "shop", CancellationToken.None);
        var c3 = (await _ops.Orders.FindByNumberAsync("C-3", CancellationToken.None))!;
        await _ops.Orders.ChangeStatusAsync(c3.Id, OrderStatus.Verified, "clerk", null, CancellationToken.None);

        var page = await _ops.Orders.ListAsync(new OrderQuery(Take: 2), CancellationToken.None);
        page.Total.ShouldBe(4);
        page.Items.Select(o => o.OrderNumber).ShouldBe(["D-4", "C-3"]);
        (await _ops.Orders.ListAsync(new OrderQuery(Skip: 2, Take: 2), CancellationToken.None)).Items.Select(o => o.OrderNumber).ShouldBe(["B-2", "B-1"]);
        (await _ops.Orders.ListAsync(new OrderQuery(Status: OrderStatus.Verified), CancellationToken.None)).Items.ShouldHaveSingleItem().OrderNumber.ShouldBe("C-3");
        (await _ops.Orders.ListAsync(new OrderQuery(Search: "b-"), CancellationToken.None)).Total.ShouldBe(2);
        (await _ops.Orders.ListAsync(new OrderQuery(Search: "HOPPER"), CancellationToken.None)).Items.ShouldHaveSingleItem().OrderNumber.ShouldBe("D-4");
        (await _ops.Orders.ListAsync(new OrderQuery(Search: "%"), CancellationToken.None)).Total.ShouldBe(0);
    }
}
