using System.Text.Json.Nodes;
using Fulfillment.Operations.Model;
using Fulfillment.Operations.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Fulfillment.Operations.Tests.Flows;

/// <summary>
/// The fulfillment steps one at a time, in a one-step workflow (<see cref="Probe"/>), where the flows can
/// not show it: a step whose commit is lost runs again and still books, files and e-mails once.
/// </summary>
public sealed class FlowActivityTests : IAsyncLifetime
{
    private FlowHost _flows = null!;

    public async Task InitializeAsync() => _flows = await FlowHost.CreateAsync();

    public async Task DisposeAsync() => await _flows.DisposeAsync();

    [Fact]
    public async Task CreateShippingLabel_run_again_after_a_lost_commit_books_one_parcel_with_one_label_of_each_kind()
    {
        await _flows.Host.PublishAsync(Probe.For("CreateShippingLabel", ["Done"], inputs: """{ "service": "Express Shipping" }""", waitFirst: true));
        var order = await _flows.PlaceAsync("LBL-1", "standard", null, ("EL-1002", 1));
        var instance = await StartAsync("CreateShippingLabel", order);

        _flows.Commits.FailNext();
        await Should.ThrowAsync<Exception>(() => _flows.Host.DeliverAsync("go:LBL-1"));
        (await _flows.ReadAsync(db => db.Shipments.CountAsync())).ShouldBe(0, "the booking is recorded with the step's commit, which was lost");
        await _flows.Host.DeliverAsync("go:LBL-1");

        (await _flows.Host.GetDetailsAsync(instance)).Variables["outcome"]!.GetValue<string>().ShouldBe("Done");
        var shipment = await _flows.ReadAsync(db => db.Shipments.SingleAsync());
        (shipment.Service, shipment.Status).ShouldBe(("express", ShipmentStatus.Booked));
        var labels = await _flows.ReadAsync(db => db.Documents.Where(d => d.ShipmentId == shipment.Id).Select(d => d.FileName).ToListAsync());
        labels.ShouldBe([$"label-{shipment.TrackingNumber}.pdf", $"label-{shipment.TrackingNumber}.zpl"], ignoreOrder: true);
    }

    [Fact]
    public async Task NotifyCustomer_once_per_order_sends_one_email_whatever_reruns_and_other_instances_do()
    {
        await _flows.Host.PublishAsync(Probe.For("NotifyCustomer", ["Done"], inputs: """{ "template": "order-confirmation", "oncePerOrder": true }""", waitFirst: true));
        var order = await _flows.PlaceAsync("MAIL-1", "express", null, ("HD-3001", 1));
        await StartAsync("NotifyCustomer", order);

        _flows.Commits.FailNext();
        await Should.ThrowAsync<Exception>(() => _flows.Host.DeliverAsync("go:MAIL-1"));
        await _flows.Host.DeliverAsync("go:MAIL-1");
        await StartAsync("NotifyCustomer", order);
        await _flows.Host.DeliverAsync("go:MAIL-1");

        var mail = (await _flows.CustomerMailsAsync()).ShouldHaveSingleItem();
        mail.Template.ShouldBe("order-confirmation");
        mail.Subject.ShouldStartWith("Order MAIL-1 confirmed: expected delivery ");
        mail.Text.ShouldContain("1 x Ceramic Vase (HD-3001)");
    }

    [Fact]
    public async Task FileDocuments_files_the_invoice_packing_slip_and_return_instructions_once_each()
    {
        await _flows.Host.PublishAsync(Probe.For("FileDocuments", ["Done"]));
        var order = await _flows.PlaceAsync("DOC-1", "standard", ["Gift wrapping"], ("CL-2001", 2));

        await StartAsync("FileDocuments", order);
        await StartAsync("FileDocuments", order);

        var documents = await _flows.ReadAsync(db => db.Documents.Where(d => d.OrderId == order.Id).ToListAsync());
        documents.Select(d => d.Kind).ShouldBe([DocumentKind.Invoice, DocumentKind.PackingSlip, DocumentKind.ReturnInstructions], ignoreOrder: true);
        documents.ShouldAllBe(d => d.ContentType == "application/pdf" && d.Content.Length > 500);
    }

    private async Task<string> StartAsync(string type, Order order) =>
        (await _flows.Host.StartAsync(Probe.IdOf(type), new JsonObject { ["orderId"] = order.Id, ["orderNumber"] = order.OrderNumber })).Id;
}
