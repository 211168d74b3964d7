//! Units, subscriptions, opening day and reservations; deals, payments and commissions.

use super::ErrorCode;

/// Sorted by `code`.
#[rustfmt::skip]
pub(super) const CODES: &[ErrorCode] = registry! {
    "commission.finance_only" 403
        "Only finance pays commissions."
        "只有财务可以支付佣金。";
    "commission.forbidden" 403
        "Commissions are for managers, finance and the channel's agents."
        "佣金仅限经理、财务和所属渠道的经纪人查看。";
    "commission.not_found" 404
        "No such commission."
        "佣金不存在。";
    "commission.not_payable" 409
        "Only a payable commission is paid: its milestone is not reached, or it was paid or clawed back."
        "只有可结算的佣金才能支付：结佣节点未达到，或已支付、已追回。";
    "deal.cancelled" 409
        "The deal was cancelled."
        "该成交已退房。";
    "deal.finance_only" 403
        "Only the project's managers and finance handle money."
        "只有项目经理和财务可以处理回款。";
    "deal.manager_only" 403
        "Only the project's managers change or cancel a deal."
        "只有项目经理可以换房或退房。";
    "deal.mortgage_stage" 409
        "A mortgage moves one stage at a time: applied, then approved, then disbursed."
        "按揭须逐步推进：已申请、已审批、已放款。";
    "deal.not_found" 404
        "No such deal."
        "成交不存在。";
    "deal.not_mortgage" 409
        "The deal is not paid by a mortgage."
        "该成交不是按揭付款。";
    "deal.price_below_collected" 409
        "More is collected already than the new price."
        "已收款项超过新房价。";
    "deal.refund_exceeds_collected" 409
        "The refund cannot be more than what was collected."
        "退款不能超过已收款项。";
    "deal.role_forbidden" 403
        "Your role does not see deals."
        "您的角色无权查看成交。";
    "opening.closed" 409
        "The opening is not open."
        "开盘尚未开始或已经结束。";
    "opening.not_called" 409
        "This lead's queue number has not been called yet."
        "该客户的排号尚未叫到。";
    "payment.exceeds_due" 409
        "This payment would collect more than the deal owes."
        "该笔收款将超过应收总额。";
    "payment.receipt_conflict" 409
        "This receipt number is already a payment of the project with other facts."
        "该收据号已登记为本项目的另一笔收款。";
    "reservation.not_active" 409
        "The reservation is cancelled or already signed."
        "该认购已取消或已签约。";
    "reservation.not_found" 404
        "No such reservation."
        "认购记录不存在。";
    "subscription.already_active" 409
        "The lead already holds an active subscription."
        "该客户已有有效的认筹。";
    "subscription.duplicate_receipt" 409
        "This receipt number is already recorded."
        "该收据号已登记过。";
    "subscription.not_active" 409
        "The subscription was already refunded."
        "该认筹已退筹。";
    "subscription.not_found" 404
        "No such subscription."
        "认筹记录不存在。";
    "unit.held" 409
        "The unit is held back (pre-sale control)."
        "该房源已被销控，暂不可售。";
    "unit.import_size" 422
        "A unit import must hold 1 to 10,000 rows."
        "一次导入的房源须为 1 至 10000 条。";
    "unit.not_available" 409
        "The unit is already reserved or sold."
        "该房源已被认购或已售出。";
    "unit.not_found" 404
        "No such unit."
        "房源不存在。";
    "unit.not_held" 409
        "The unit is not held."
        "该房源未被销控。";
    "unit.version_conflict" 412
        "The unit changed since you read it; reload and try again."
        "房源信息已被修改，请刷新后重试。";
};
