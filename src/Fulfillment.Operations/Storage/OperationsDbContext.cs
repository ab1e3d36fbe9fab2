using System.Text.Json;
using Fulfillment.Operations.Model;
using Fulfillment.Workflows;
using Fulfillment.Workflows.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Fulfillment.Operations.Storage;

/// <summary>
/// The fulfillment domain's tables: catalog, warehouses and stock, orders, shipments, documents,
/// returns and feedback. They live in the engine's database (so a workflow commit can write them in
/// its own transaction, see <see cref="OperationsCommitParticipant"/>) under their own migrations history:
/// this type's for SQLite, <see cref="PostgreSqlOperationsDbContext"/>'s for PostgreSQL.
/// </summary>
public class OperationsDbContext : DbContext
{
    public const string MigrationsHistoryTable = "__OperationsMigrationsHistory";

    public OperationsDbContext(DbContextOptions<OperationsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass, which exists to carry that provider's migrations.</summary>
    protected OperationsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Warehouse> Warehouses => Set<Warehouse>();

    public DbSet<ShelfLocation> Locations => Set<ShelfLocation>();

    public DbSet<StockItem> StockItems => Set<StockItem>();

    public DbSet<StockReservation> Reservations => Set<StockReservation>();

    public DbSet<InventoryMovement> Movements => Set<InventoryMovement>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<OrderStatusChange> StatusChanges => Set<OrderStatusChange>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    public DbSet<TrackingEvent> TrackingEvents => Set<TrackingEvent>();

    public DbSet<OrderDocument> Documents => Set<OrderDocument>();

    public DbSet<ReturnRequest> Returns => Set<ReturnRequest>();

    public DbSet<ReturnLine> ReturnLines => Set<ReturnLine>();

    public DbSet<Feedback> Feedback => Set<Feedback>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // As in the engine's tables (UTC ticks on SQLite, so it can compare and order them; timestamptz on PostgreSQL).
        configurationBuilder.StoreInstants(Database);

        // Enums as their names: readable in the database and stable when members are added.
        configurationBuilder.Properties<OrderStatus>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<PaymentStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ShippingMethod>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ProductCategory>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<LineStockStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ReservationStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MovementKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ShipmentStatus>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<DocumentKind>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<ReturnStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ReturnReason>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<InspectionOutcome>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<RefundStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureCatalog(modelBuilder);
        ConfigureOrders(modelBuilder);
        ConfigureShipping(modelBuilder);
        ConfigureReturns(modelBuilder);
    }

    private static void ConfigureCatalog(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("Products");
            e.HasKey(p => p.Sku);
            e.Property(p => p.Sku).HasMaxLength(64);
            e.Property(p => p.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<Warehouse>(e =>
        {
            e.ToTable("Warehouses");
            e.HasKey(w => w.Code);
            e.Property(w => w.Code).HasMaxLength(16);
            e.Property(w => w.Name).HasMaxLength(200);
            e.Property(w => w.City).HasMaxLength(100);
        });

        modelBuilder.Entity<ShelfLocation>(e =>
        {
            e.ToTable("ShelfLocations");
            e.Property(l => l.WarehouseCode).HasMaxLength(16);
            e.Property(l => l.Shelf).HasMaxLength(8);
            e.Property(l => l.Code).HasMaxLength(16);
            e.HasIndex(l => new { l.WarehouseCode, l.Code }).IsUnique();
            e.HasOne(l => l.Warehouse).WithMany().HasForeignKey(l => l.WarehouseCode).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<StockItem>(e =>
        {
            e.ToTable("StockItems", t => t.HasCheckConstraint("CK_StockItems_Quantities", "\"OnHand\" >= 0 AND \"Reserved\" >= 0 AND \"Reserved\" <= \"OnHand\""));
            e.Property(s => s.Sku).HasMaxLength(64);
            e.HasIndex(s => new { s.Sku, s.LocationId }).IsUnique();
            e.HasOne(s => s.Product).WithMany().HasForeignKey(s => s.Sku).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(s => s.Location).WithMany().HasForeignKey(s => s.LocationId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<StockReservation>(e =>
        {
            e.ToTable("StockReservations", t => t.HasCheckConstraint("CK_StockReservations_Quantity", "\"Quantity\" > 0"));
            e.HasIndex(r => new { r.OrderId, r.Status });
            e.HasIndex(r => r.OrderLineId);
            e.HasIndex(r => new { r.StockItemId, r.Status });
            e.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<OrderLine>().WithMany().HasForeignKey(r => r.OrderLineId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(r => r.StockItem).WithMany().HasForeignKey(r => r.StockItemId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<InventoryMovement>(e =>
        {
            e.ToTable("InventoryMovements", t => t.HasCheckConstraint("CK_InventoryMovements_Quantity", "\"Quantity\" > 0"));
            e.Property(m => m.IdempotencyKey).HasMaxLength(300);
            e.Property(m => m.Actor).HasMaxLength(256);
            e.HasIndex(m => m.IdempotencyKey).IsUnique();
            e.HasIndex(m => m.StockItemId);
            e.HasOne<StockItem>().WithMany().HasForeignKey(m => m.StockItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Order>().WithMany().HasForeignKey(m => m.OrderId).OnDelete(DeleteBehavior.SetNull);
        });
    }

    private static void ConfigureOrders(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(e =>
        {
            e.ToTable("Orders");
            e.Property(o => o.OrderNumber).HasMaxLength(64);
            e.HasIndex(o => o.OrderNumber).IsUnique();
            e.HasIndex(o => new { o.Status, o.CreatedAt });
            e.HasIndex(o => o.CreatedAt);
            e.HasIndex(o => o.InstanceId);
            e.Property(o => o.InstanceId).HasMaxLength(36);
            e.Property(o => o.Currency).HasMaxLength(3);
            e.ComplexProperty(o => o.Customer, c =>
            {
                c.Property(x => x.Name).HasMaxLength(200);
                c.Property(x => x.Email).HasMaxLength(256);
                c.Property(x => x.Phone).HasMaxLength(50);
            });
            e.ComplexProperty(o => o.ShippingAddress);
            e.Property(o => o.SpecialInstructions).HasConversion(
                list => JsonSerializer.Serialize(list, WorkflowJson.Options),
                json => JsonSerializer.Deserialize<List<SpecialInstruction>>(json, WorkflowJson.Options) ?? new List<SpecialInstruction>(),
                new ValueComparer<List<SpecialInstruction>>(
                    (a, b) => a!.SequenceEqual(b!),
                    list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
                    list => list.ToList()));
            e.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<OrderLine>(e =>
        {
            e.ToTable("OrderLines", t => t.HasCheckConstraint("CK_OrderLines_Quantity", "\"Quantity\" > 0"));
            e.Property(l => l.Sku).HasMaxLength(64);
            e.Property(l => l.ProductName).HasMaxLength(200);
            e.HasIndex(l => new { l.OrderId, l.LineNumber }).IsUnique();
            e.HasIndex(l => l.Sku);
            e.HasOne<Product>().WithMany().HasForeignKey(l => l.Sku).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<OrderStatusChange>(e =>
        {
            e.ToTable("OrderStatusChanges");
            e.Property(c => c.Actor).HasMaxLength(256);
            e.Property(c => c.InstanceId).HasMaxLength(36);
            e.HasIndex(c => new { c.OrderId, c.Id });
            e.HasOne<Order>().WithMany().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Feedback>(e =>
        {
            e.ToTable("Feedback", t => t.HasCheckConstraint("CK_Feedback_Score", "\"Score\" BETWEEN 1 AND 5"));
            e.HasIndex(f => f.OrderId).IsUnique();
            e.HasIndex(f => f.ReceivedAt);
            e.HasOne<Order>().WithMany().HasForeignKey(f => f.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureShipping(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Shipment>(e =>
        {
            e.ToTable("Shipments");
            e.Property(s => s.CarrierCode).HasMaxLength(32);
            e.Property(s => s.Service).HasMaxLength(32);
            e.Property(s => s.TrackingNumber).HasMaxLength(64);
            e.Property(s => s.Scenario).HasMaxLength(64);
            e.HasIndex(s => s.OrderId);
            e.HasIndex(s => new { s.CarrierCode, s.TrackingNumber }).IsUnique();
            e.HasOne<Order>().WithMany().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(s => s.TrackingEvents).WithOne().HasForeignKey(t => t.ShipmentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TrackingEvent>(e =>
        {
            e.ToTable("TrackingEvents");
            e.Property(t => t.Code).HasMaxLength(32);
            e.Property(t => t.Location).HasMaxLength(200);
            e.HasIndex(t => new { t.ShipmentId, t.Code, t.OccurredAt }).IsUnique();
        });

        modelBuilder.Entity<OrderDocument>(e =>
        {
            e.ToTable("OrderDocuments");
            e.Property(d => d.FileName).HasMaxLength(200);
            e.Property(d => d.ContentType).HasMaxLength(100);
            e.HasIndex(d => new { d.OrderId, d.FileName }).IsUnique();
            e.HasOne<Order>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Shipment>().WithMany().HasForeignKey(d => d.ShipmentId).OnDelete(DeleteBehavior.SetNull);
        });
    }

    private static void ConfigureReturns(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReturnRequest>(e =>
        {
            e.ToTable("ReturnRequests");
            e.Property(r => r.InstanceId).HasMaxLength(36);
            e.HasIndex(r => r.OrderId);
            e.HasIndex(r => new { r.Status, r.RequestedAt });
            e.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Shipment>().WithMany().HasForeignKey(r => r.ExchangeShipmentId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReturnRequestId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ReturnLine>(e =>
        {
            e.ToTable("ReturnLines", t => t.HasCheckConstraint("CK_ReturnLines_Quantity", "\"Quantity\" > 0"));
            e.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

/// <summary>The operations tables on PostgreSQL: a subclass only to carry PostgreSQL's migrations (<c>Storage/Migrations/PostgreSql</c>).</summary>
internal sealed class PostgreSqlOperationsDbContext(DbContextOptions<PostgreSqlOperationsDbContext> options) : OperationsDbContext(options);
