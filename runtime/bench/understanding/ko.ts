import type { EvalSet } from './types';

/**
 * Korean evaluation set. Written before the matcher was tuned and never read by its unit tests: spacing variants
 * (배송조회 / 배송 조회), particles and endings, colloquial words (비번, 택배), typos and extra context.
 */
export const ko: EvalSet = {
  locale: 'ko',
  answers: [
    { id: 'shipping_time', title: '배송 기간', reply: '주문 후 2~4영업일 안에 도착합니다.', phrases: ['배송 기간', '언제 도착하나요', '배송 얼마나 걸려요', '주문하면 며칠 만에 와요'] },
    { id: 'tracking', title: '배송 조회', reply: '마이페이지 > 주문 내역에서 운송장 번호로 조회하실 수 있어요.', phrases: ['배송 조회', '내 주문 어디쯤 왔나요', '송장 번호', '주문 상태 확인'] },
    { id: 'returns', title: '반품', reply: '수령 후 30일 안에 주문 내역에서 반품 신청하실 수 있어요.', phrases: ['반품하고 싶어요', '반품 방법', '반품 정책', '물건 돌려보내기'] },
    { id: 'refund', title: '환불', reply: '반품 상품이 도착하면 3~5영업일 안에 환불됩니다.', phrases: ['환불 언제 되나요', '환불 받고 싶어요', '환불 처리 기간', '환불 상태'] },
    { id: 'exchange', title: '교환', reply: '주문 내역에서 교환을 누르고 사이즈나 색상을 골라 주세요.', phrases: ['교환하고 싶어요', '사이즈 교환', '다른 색상으로 교환'] },
    { id: 'payment_methods', title: '결제 수단', reply: '신용카드, 계좌이체, 카카오페이, 네이버페이를 지원해요.', phrases: ['결제 수단', '카드 결제 되나요', '무통장 입금 가능한가요', '카카오페이 되나요'] },
    { id: 'payment_declined', title: '결제 실패', reply: '카드 한도와 정보를 확인하시거나 다른 결제 수단을 이용해 주세요.', phrases: ['결제가 안 돼요', '카드 승인 거절', '결제 실패'] },
    { id: 'double_charge', title: '중복 결제', reply: '중복 결제는 3영업일 안에 자동으로 취소됩니다.', phrases: ['결제가 두 번 됐어요', '이중 결제', '중복 결제 취소'] },
    { id: 'password', title: '비밀번호·로그인', reply: '로그인 화면의 비밀번호 찾기로 재설정해 주세요.', phrases: ['비밀번호를 잊어버렸어요', '비밀번호 재설정', '로그인이 안 돼요'] },
    { id: 'account_delete', title: '회원 탈퇴', reply: '설정 > 개인정보 > 회원 탈퇴에서 하실 수 있어요.', phrases: ['회원 탈퇴', '계정 삭제', '탈퇴하고 싶어요'] },
    { id: 'cancel_order', title: '주문 취소', reply: '출고 전이라면 주문 내역에서 바로 취소하실 수 있어요.', phrases: ['주문 취소', '주문 취소하고 싶어요', '방금 한 주문 취소'] },
    { id: 'change_address', title: '배송지 변경', reply: '출고 전까지 주문 내역에서 배송지를 바꾸실 수 있어요.', phrases: ['배송지 변경', '주소를 잘못 입력했어요', '받는 주소 바꾸기'] },
    { id: 'international', title: '해외 배송', reply: '40개국으로 배송하며, 관세는 결제 화면에 표시됩니다.', phrases: ['해외 배송 되나요', '해외 배송비', '미국으로 배송 가능한가요'] },
    { id: 'gift_card', title: '기프트카드', reply: '결제 화면에서 기프트카드 번호를 입력하세요. 잔액은 마이페이지에 있어요.', phrases: ['기프트카드 사용 방법', '상품권 잔액 확인', '기프트카드 구매'] },
    { id: 'damaged', title: '파손 상품', reply: '불편을 드려 죄송합니다. 사진을 보내 주시면 새 상품으로 보내 드릴게요.', phrases: ['상품이 파손되어 왔어요', '깨진 상태로 도착했어요', '물건이 망가져서 왔어요'] },
    { id: 'warranty', title: '품질 보증·A/S', reply: '모든 제품은 1년간 무상 A/S를 받을 수 있어요.', phrases: ['보증 기간', 'A/S 신청', '품질 보증', '고장 났어요 무상 수리 되나요'] },
  ],
  questions: [
    { q: '주문한 거 언제 와요?', expect: 'shipping_time' },
    { q: '배송기간이 얼마나 걸리나요', expect: 'shipping_time' },
    { q: '택배 보통 며칠 걸려요?', expect: 'shipping_time' },
    { q: '오늘 주문하면 내일 받을 수 있나요?', expect: 'shipping_time' },
    { q: '배송 얼마나걸려요', expect: 'shipping_time' },
    { q: '배달 기간이 궁금해요', expect: 'shipping_time' },

    { q: '배송조회 어떻게 해요', expect: 'tracking' },
    { q: '제 택배 어디쯤 왔어요?', expect: 'tracking' },
    { q: '주문번호 10002 배송 상태 알려주세요', expect: 'tracking' },
    { q: '운송장 번호 알고 싶어요', expect: 'tracking' },
    { q: '주문한 물건 지금 어디 있어요', expect: 'tracking' },

    { q: '반품 신청은 어떻게 하나요', expect: 'returns' },
    { q: '산 옷 돌려보내고 싶은데요', expect: 'returns' },
    { q: '반품하려면 어떻게 해야돼요', expect: 'returns' },
    { q: '반품신청 하고싶어요', expect: 'returns' },

    { q: '돈 언제 돌려받을 수 있어요?', expect: 'refund' },
    { q: '환불은 언제쯤 되나요', expect: 'refund' },
    { q: '반품했는데 아직 환불이 안 들어왔어요', expect: 'refund' },
    { q: '환뷸 받고 싶어요', expect: 'refund' },
    { q: '환불 처리 며칠 걸려요', expect: 'refund' },

    { q: '사이즈가 안 맞아서 바꾸고 싶어요', expect: 'exchange' },
    { q: '다른 색으로 교환 가능한가요', expect: 'exchange' },
    { q: '교환신청 어떻게 해요', expect: 'exchange' },
    { q: '치수 교환 되나요', expect: 'exchange' },

    { q: '어떤 결제 방법이 있나요', expect: 'payment_methods' },
    { q: '네이버페이로 결제할 수 있나요', expect: 'payment_methods' },
    { q: '계좌이체 되나요', expect: 'payment_methods' },
    { q: '신용카드로 결제 가능해요?', expect: 'payment_methods' },

    { q: '카드 결제가 자꾸 실패해요', expect: 'payment_declined' },
    { q: '결제 거절됐다고 나와요', expect: 'payment_declined' },
    { q: '결제가 안되요', expect: 'payment_declined' },
    { q: '결제 오류가 나요', expect: 'payment_declined' },

    { q: '돈이 두번 빠져나갔어요', expect: 'double_charge' },
    { q: '같은 주문인데 결제가 2번 됐어요', expect: 'double_charge' },
    { q: '중복결제 된 것 같아요', expect: 'double_charge' },
    { q: '카드에서 이중으로 결제됐어요', expect: 'double_charge' },

    { q: '비번을 까먹었어요', expect: 'password' },
    { q: '비밀번호 찾기', expect: 'password' },
    { q: '로그인 안돼요', expect: 'password' },
    { q: '패스워드 변경하고 싶어요', expect: 'password' },
    { q: '접속이 안 돼요 비밀번호가 틀리대요', expect: 'password' },

    { q: '회원탈퇴 어떻게 해요', expect: 'account_delete' },
    { q: '계정을 없애고 싶어요', expect: 'account_delete' },
    { q: '내 정보 다 지워주세요 탈퇴할래요', expect: 'account_delete' },
    { q: '아이디 삭제 하는 법', expect: 'account_delete' },

    { q: '주문을 취소하고 싶어요', expect: 'cancel_order' },
    { q: '방금 주문했는데 취소 가능한가요', expect: 'cancel_order' },
    { q: '주문취소 해주세요', expect: 'cancel_order' },
    { q: '구매 취소하려면 어떻게 하나요', expect: 'cancel_order' },

    { q: '배송지를 바꾸고 싶어요', expect: 'change_address' },
    { q: '주소 잘못 적었어요', expect: 'change_address' },
    { q: '배송 주소 수정 가능한가요', expect: 'change_address' },
    { q: '이사해서 받는 곳 바꿔야 돼요', expect: 'change_address' },

    { q: '일본으로도 배송되나요', expect: 'international' },
    { q: '해외배송 가능해요?', expect: 'international' },
    { q: '외국에서도 주문할 수 있나요', expect: 'international' },
    { q: '해외로 보내주시나요', expect: 'international' },

    { q: '상품권 어떻게 써요', expect: 'gift_card' },
    { q: '기프트 카드 잔액 조회', expect: 'gift_card' },
    { q: '선물용 기프트카드 살 수 있나요', expect: 'gift_card' },
    { q: '기프트카드 번호 어디에 입력해요', expect: 'gift_card' },

    { q: '택배 받았는데 물건이 깨져 있어요', expect: 'damaged' },
    { q: '상품이 파손돼서 왔어요', expect: 'damaged' },
    { q: '박스가 찌그러지고 안에 제품이 부서졌어요', expect: 'damaged' },
    { q: '받자마자 망가져 있었어요', expect: 'damaged' },

    { q: '보증기간이 얼마나 되나요', expect: 'warranty' },
    { q: '한 달 만에 고장났어요 수리 받을 수 있나요', expect: 'warranty' },
    { q: 'AS 신청하고 싶어요', expect: 'warranty' },
    { q: '무상 수리 기간 알려주세요', expect: 'warranty' },

    { q: '오늘 날씨 어때요', expect: null },
    { q: '재미있는 농담 해줘', expect: null },
    { q: '점심 뭐 먹을까', expect: null },
    { q: '어제 축구 누가 이겼어요', expect: null },
    { q: '서울에서 부산까지 KTX 얼마예요', expect: null },
    { q: '너 이름이 뭐야', expect: null },
    { q: '주식 추천해 주세요', expect: null },
    { q: '영화 추천해줘', expect: null },
    { q: '김치찌개 끓이는 법', expect: null },
    { q: '프랑스 수도가 어디야', expect: null },
    { q: '노래 불러줘', expect: null },
    { q: '지금 몇 시야', expect: null },
    { q: '수학 숙제 좀 도와줘', expect: null },
    { q: '강아지 키우고 싶어요', expect: null },
    { q: '요즘 인기 있는 드라마 뭐예요', expect: null },
    { q: '다이어트 방법 알려줘', expect: null },
    { q: '비가 올까요', expect: null },
    { q: '심심해', expect: null },
  ],
};
