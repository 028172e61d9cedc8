import type { ProductsPrisma } from '../database/open-database.js';

/** A product as the API returns it. */
export interface Product {
  id: string;
  name: string;
  stock: number;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

/** What `addStock` did. */
export type StockChange = 'applied' | 'already-applied' | 'product-missing';

/**
 * The sample's data access: everything the routes and jobs do with products, over the app's
 * PrismaClient.
 */
export class ProductStore {
  constructor(private readonly prisma: ProductsPrisma) {}

  async create(name: string): Promise<Product> {
    return this.prisma.product.create({ data: { name } });
  }

  async find(id: string): Promise<Product | null> {
    return this.prisma.product.findUnique({ where: { id } });
  }

  /** Marks a product for the clean-up job; false when there is no such live product. */
  async archive(id: string): Promise<boolean> {
    const { count } = await this.prisma.product.updateMany({
      where: { id, archivedAt: null },
      data: { archivedAt: new Date() },
    });
    return count === 1;
  }

  /**
   * Adds `quantity` to a live product's stock once per job: the movement row (unique by job
   * id) and the stock change commit together, so a second run of the same job changes nothing.
   */
  async addStock(jobId: string, productId: string, quantity: number): Promise<StockChange> {
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.stockMovement.findUnique({ where: { jobId } });
      if (existing !== null) return 'already-applied';

      const { count } = await tx.product.updateMany({
        where: { id: productId, archivedAt: null },
        data: { stock: { increment: quantity } },
      });
      if (count === 0) return 'product-missing';

      await tx.stockMovement.create({ data: { jobId, productId, quantity } });
      return 'applied';
    });
  }

  /** Deletes archived products (their movements go with them); returns how many. */
  async deleteArchived(archivedBefore: Date): Promise<number> {
    const { count } = await this.prisma.product.deleteMany({ where: { archivedAt: { lte: archivedBefore } } });
    return count;
  }
}
