using Fulfillment.Operations.Activities;
using Fulfillment.Operations.Carriers;
using Fulfillment.Operations.Customers;
using Fulfillment.Operations.Documents;
using Fulfillment.Operations.Filing;
using Fulfillment.Operations.Returns;
using Fulfillment.Operations.Shipping;
using Fulfillment.Operations.Storage;
using Fulfillment.Workflows;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfillment.Operations;

public static class OperationsFlowsServiceCollectionExtensions
{
    /// <summary>
    /// The services of the fulfillment steps on top of orders and inventory: customer e-mails, documents
    /// and labels filed with orders, carrier bookings and tracking (the poll and the record of scans),
    /// returns, feedback, and the commit participant that writes their records in the workflow's commit.
    /// Needs <c>AddOperations</c>, the e-mail services and an <see cref="IFeedbackTokens"/>; settings are
    /// <see cref="ShopOptions"/>, <see cref="CustomerLinkOptions"/>, <see cref="ShippingOptions"/> and
    /// <see cref="ReturnsOptions"/> (the host binds them).
    /// </summary>
    public static IServiceCollection AddOperationsFlows(this IServiceCollection services)
    {
        services.AddDocuments();
        services.AddCarriers();
        services.AddOptions<ShopOptions>();
        services.AddOptions<CustomerLinkOptions>();
        services.AddOptions<ShippingOptions>();
        services.AddOptions<ReturnsOptions>();
        services.AddSingleton<IWorkflowCommitParticipant, FlowCommitParticipant>();
        services.AddSingleton<CustomerNotifier>();
        services.AddSingleton<FeedbackService>();
        services.AddSingleton<ReturnService>();
        services.AddSingleton<OrderPicks>();
        services.AddSingleton<CarrierScenarios>();
        services.AddSingleton<ShipmentService>();
        services.AddSingleton<TrackingService>();
        services.AddSingleton<TrackingPoller>();
        return services;
    }

    /// <summary>
    /// Puts the fulfillment steps in the palette (categories Customers, Documents, Shipping, Returns):
    /// NotifyCustomer, RequestFeedback, CreateInvoice, FileDocuments, CreateShippingLabel, BookCarrier,
    /// WaitForDelivery, OpenReturn, UpdateReturnStatus, InspectReturn, ProcessRefund, CreateExchangeShipment.
    /// </summary>
    public static WorkflowEngineBuilder AddOperationsFlowActivities(this WorkflowEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddActivity<NotifyCustomer>()
            .AddActivity<RequestFeedback>()
            .AddActivity<CreateInvoice>()
            .AddActivity<FileDocuments>()
            .AddActivity<CreateShippingLabel>()
            .AddActivity<BookCarrier>()
            .AddActivity<WaitForDelivery>()
            .AddActivity<OpenReturn>()
            .AddActivity<UpdateReturnStatus>()
            .AddActivity<InspectReturn>()
            .AddActivity<ProcessRefund>()
            .AddActivity<CreateExchangeShipment>();
    }
}
