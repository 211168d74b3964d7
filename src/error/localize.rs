//! Problem documents in the caller's language. With `Accept-Language` preferring Chinese
//! (`zh`, `zh-CN`, `zh-Hans`…), a problem's `title` becomes the Chinese status phrase and its
//! `detail` the registry's Chinese message for its `code`; field messages keep their English
//! text (they are run-time details). Every other answer passes through untouched.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::ResponseError;

use super::codes::lookup;
use super::{Problem, PROBLEM_JSON};

/// Largest problem document that is translated (they are a few hundred bytes).
const PROBLEM_LIMIT: usize = 64 * 1024;

/// Middleware: see the module documentation.
pub async fn localize(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let chinese = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).is_some_and(prefers_chinese);
    // Handler and extractor errors arrive here as responses; the request must not be cloned
    // before routing (the router needs it unshared).
    let response = next.call(req).await?.map_into_boxed_body();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    if !chinese || !is_problem {
        return Ok(response);
    }
    let (request, response) = response.into_parts();
    let (mut head, body) = response.into_parts();
    let bytes = match body::to_bytes_limited(body, PROBLEM_LIMIT).await {
        Ok(Ok(bytes)) => bytes,
        _ => {
            let error = super::ApiError::internal(anyhow::anyhow!("a problem document could not be read back"));
            return Ok(ServiceResponse::new(request, error.error_response()));
        }
    };
    let translated = match serde_json::from_slice::<Problem>(&bytes) {
        Ok(mut problem) => {
            translate(&mut problem);
            serde_json::to_vec(&problem).unwrap_or_else(|_| bytes.to_vec())
        }
        Err(_) => bytes.to_vec(),
    };
    head.headers_mut().insert(header::CONTENT_LANGUAGE, HeaderValue::from_static("zh-CN"));
    Ok(ServiceResponse::new(request, head.set_body(translated).map_into_boxed_body()))
}

/// The problem in Chinese: title by status, detail by code where the registry has one.
pub fn translate(problem: &mut Problem) {
    problem.title = chinese_title(problem.status).to_owned();
    if let Some(entry) = lookup(&problem.code) {
        problem.detail = entry.zh.to_owned();
    }
}

/// Whether the highest-weighted language range of an `Accept-Language` value is Chinese.
pub fn prefers_chinese(accept_language: &str) -> bool {
    let mut best: Option<(f32, bool)> = None;
    for range in accept_language.split(',') {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let weight =
            parts.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok())).unwrap_or(1.0);
        if tag.is_empty() || weight <= 0.0 {
            continue;
        }
        let chinese = tag == "zh" || tag.starts_with("zh-");
        if best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, chinese));
        }
    }
    best.is_some_and(|(_, chinese)| chinese)
}

fn chinese_title(status: u16) -> &'static str {
    match status {
        400 => "请求无效",
        401 => "未登录或登录已失效",
        403 => "无权操作",
        404 => "未找到",
        405 => "不支持的请求方法",
        409 => "操作冲突",
        412 => "数据已被修改",
        413 => "请求内容过大",
        415 => "不支持的内容类型",
        422 => "提交的内容有误",
        429 => "请求过于频繁",
        503 => "服务暂不可用",
        _ => "服务器内部错误",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strongest_language_range_decides() {
        assert!(prefers_chinese("zh-CN"));
        assert!(prefers_chinese("zh-CN,zh;q=0.9,en;q=0.8"));
        assert!(prefers_chinese("en;q=0.5, zh-Hans"));
        assert!(!prefers_chinese("en-US,en;q=0.9,zh-CN;q=0.8"));
        assert!(!prefers_chinese("zh;q=0, en"));
        assert!(!prefers_chinese(""));
        assert!(!prefers_chinese("zhx"));
    }

    #[test]
    fn a_known_code_gets_its_chinese_detail_and_title() {
        let mut problem = super::super::ApiError::conflict("lead.duplicate_phone", "Held by 王丽.").problem();
        translate(&mut problem);
        assert_eq!(problem.title, "操作冲突");
        assert_ne!(problem.detail, "Held by 王丽.");
        assert_eq!(problem.code, "lead.duplicate_phone");
    }
}
