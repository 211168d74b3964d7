//! A fake of WeChat's jscode2session, started by a test on a loopback port, so the WeChat
//! sign-in runs end to end without the internet. The code decides the answer:
//! `ok-<openid>` names the user, `bad` is 40029, `busy` 45011, `down` -1, `slow` answers
//! after three seconds (past the test app's timeout), `teapot` is an HTTP 418.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The mini-program the test app is configured with.
pub const APP_ID: &str = "wx-test-app";
/// Its secret: it must reach the fake, and nothing else.
pub const APP_SECRET: &str = "test-secret-must-not-leak";

/// The running fake and the query strings it was sent.
pub struct FakeWeChat {
    pub base: String,
    pub queries: Arc<Mutex<Vec<String>>>,
}

impl FakeWeChat {
    /// Starts the fake on the test's runtime.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port for the fake WeChat");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let queries = Arc::new(Mutex::new(Vec::new()));
        let seen = queries.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let seen = seen.clone();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 2048];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&request).into_owned();
                    let target = text.split_whitespace().nth(1).unwrap_or_default().to_owned();
                    let query = target.split_once('?').map(|(_, q)| q.to_owned()).unwrap_or_default();
                    seen.lock().expect("queries").push(query.clone());
                    let code =
                        query.split('&').find_map(|pair| pair.strip_prefix("js_code=")).unwrap_or_default().to_owned();
                    let (status, body) = answer(&code).await;
                    let response = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(response.as_bytes()).await;
                });
            }
        });
        Self { base, queries }
    }

    /// The settings that point the app at this fake.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("ANCHANG_WECHAT_API_BASE", self.base.clone()),
            ("ANCHANG_WECHAT_APPID", APP_ID.to_owned()),
            ("ANCHANG_WECHAT_SECRET", APP_SECRET.to_owned()),
            ("ANCHANG_WECHAT_TIMEOUT_MS", "800".to_owned()),
        ]
    }
}

async fn answer(code: &str) -> (&'static str, String) {
    if let Some(openid) = code.strip_prefix("ok-") {
        let body =
            format!(r#"{{"openid":"{openid}","session_key":"session-key-must-not-leak","unionid":"u-{openid}"}}"#);
        return ("200 OK", body);
    }
    match code {
        "bad" => ("200 OK", r#"{"errcode":40029,"errmsg":"invalid code"}"#.to_owned()),
        "busy" => ("200 OK", r#"{"errcode":45011,"errmsg":"api minute-quota reach limit"}"#.to_owned()),
        "down" => ("200 OK", r#"{"errcode":-1,"errmsg":"system error"}"#.to_owned()),
        "slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            ("200 OK", r#"{"openid":"late","session_key":"k"}"#.to_owned())
        }
        _ => ("418 I'm a teapot", "{}".to_owned()),
    }
}
