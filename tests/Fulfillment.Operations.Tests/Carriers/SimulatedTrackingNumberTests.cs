using Fulfillment.Operations.Carriers.Simulated;

namespace Fulfillment.Operations.Tests.Carriers;

public sealed class SimulatedTrackingNumberTests
{
    [Fact]
    public void The_same_order_and_sequence_always_give_the_same_number()
    {
        var number = SimulatedTrackingNumber.For("SIM", "A-1001", 1);

        number.ShouldBe(SimulatedTrackingNumber.For("SIM", "A-1001", 1));
        number.ShouldMatch("^SIM[0-9]{9}01[0-9]$");
        // Pinned (computed independently: SHA-256 of "A-1001", first 8 bytes big-endian mod 10^9, "01", Luhn). The
        // algorithm must not change, or a repeated booking after an upgrade would get a different number.
        number.ShouldBe("SIM681947567019");
    }

    [Fact]
    public void Other_sequences_and_other_orders_give_other_numbers()
    {
        var numbers = new[]
        {
            SimulatedTrackingNumber.For("SIM", "A-1001", 1),
            SimulatedTrackingNumber.For("SIM", "A-1001", 2),
            SimulatedTrackingNumber.For("SIM", "A-1002", 1),
            SimulatedTrackingNumber.For("SIM", "a-1001", 1),
        };

        numbers.Distinct().Count().ShouldBe(numbers.Length);
        numbers[1][..12].ShouldBe(numbers[0][..12]);   // same order digits, next sequence
    }

    [Fact]
    public void The_check_digit_catches_every_single_digit_error()
    {
        var number = SimulatedTrackingNumber.For("SIM", "A-1001", 7);
        SimulatedTrackingNumber.IsValid("SIM", number).ShouldBeTrue();

        for (var position = 3; position < number.Length; position++)
        {
            foreach (var digit in "0123456789".Where(d => d != number[position]))
            {
                var typo = number[..position] + digit + number[(position + 1)..];
                SimulatedTrackingNumber.IsValid("SIM", typo).ShouldBeFalse(typo);
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SIM12345678901")]
    [InlineData("XYZ681947567019")]
    [InlineData("SIM68194756701X")]
    public void Malformed_numbers_are_not_valid(string? number)
    {
        SimulatedTrackingNumber.IsValid("SIM", number).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void The_sequence_has_two_digits(int sequence)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SimulatedTrackingNumber.For("SIM", "A-1001", sequence));
    }
}
