using System.Text.Json;
using Fulfillment.Operations.Model;
using Fulfillment.Server.Studio.Pages.Orders;
using Fulfillment.Workflows.Definitions;

namespace Fulfillment.Server.Tests.Studio;

/// <summary>The Studio's new order form: the request it sends and where the server's problems go.</summary>
public sealed class NewOrderFormTests
{
    [Fact]
    public void The_form_becomes_the_request_a_shop_sends_with_instructions_as_names_and_the_message_as_an_object()
    {
        var form = new NewOrderForm
        {
            OrderNumber = "ST-1",
            CustomerName = "Grace Hopper",
            CustomerEmail = "grace@example.test",
            Line1 = "1 Navy Yard",
            City = "Arlington",
            Region = "VA",
            ShippingMethod = ShippingMethod.SameDay,
            PaymentStatus = PaymentStatus.Pending,
            CustomizedMessage = "  Happy birthday!  ",
        };
        form.Lines[0].Sku = "HD-3001";
        form.Lines[0].Quantity = 2;
        form.Lines.Add(new NewOrderLine { Sku = "EL-1001" });
        form.SetInstruction(SpecialInstructionKind.GiftWrapping, true);
        form.SetInstruction(SpecialInstructionKind.SpecialPackaging, true);
        form.SetInstruction(SpecialInstructionKind.SpecialPackaging, false);

        var request = form.ToRequest();

        request.OrderNumber.ShouldBe("ST-1");
        request.Customer.ShouldNotBeNull().Email.ShouldBe("grace@example.test");
        request.ShippingAddress.ShouldNotBeNull().Country.ShouldBe("US");
        request.ShippingAddress.Region.ShouldBe("VA");
        request.Lines.ShouldNotBeNull().Select(l => (l!.Sku, l.Quantity)).ShouldBe([("HD-3001", (int?)2), ("EL-1001", (int?)1)]);
        request.ShippingMethod.ShouldBe("SameDay");
        request.PaymentStatus.ShouldBe("Pending");
        request.SpecialInstructions.ShouldNotBeNull().Select(i => i.GetRawText())
            .ShouldBe(["\"GiftWrapping\"", JsonSerializer.Serialize(new { type = "CustomizedMessage", text = "Happy birthday!" })]);
    }

    [Fact]
    public void Problems_go_under_the_field_of_their_path_and_the_rest_are_shown_apart()
    {
        var form = new NewOrderForm();
        form.Lines.Add(new NewOrderLine());

        form.ShowProblems(
        [
            new ValidationError("customer.email", "'x' is not an email address."),
            new ValidationError("lines[1].quantity", "The quantity is required."),
            new ValidationError("lines[1].quantity", "A second message for the same field."),
            new ValidationError("discount", "The discount cannot be negative."),
        ]);

        form.ProblemAt("customer.email").ShouldBe("'x' is not an email address.");
        form.ProblemAt(NewOrderForm.LinePath(1, "quantity")).ShouldBe("The quantity is required.");
        form.ProblemAt("customer.name").ShouldBeNull();
        form.OtherProblems.ShouldBe(["The discount cannot be negative."]);

        form.ClearProblems();
        form.ProblemAt("customer.email").ShouldBeNull();
        form.OtherProblems.ShouldBeEmpty();
    }
}
