import type { EvalSet } from './types';
import { en } from './en';
import { ko } from './ko';

/**
 * Questions written after the matcher was tuned on en.ts / ko.ts, against the same answers, and never tuned against:
 * the honest estimate of how it does on text it has not seen. Keep it that way: when a change is made to pass one of
 * these, move the question to en.ts / ko.ts and write a new one here.
 */
export const heldOut: EvalSet[] = [
  {
    locale: 'en',
    answers: en.answers,
    questions: [
      { q: 'how many days will shipping take to chicago', expect: 'shipping_time' },
      { q: "i'd like an update on where my box is", expect: 'tracking' },
      { q: 'what is the tracking link for order 55512', expect: 'tracking' },
      { q: 'how do I ship an item back to you', expect: 'returns' },
      { q: 'still waiting on my reimbursement', expect: 'refund' },
      { q: 'can I trade my shoes for a smaller pair', expect: 'exchange' },
      { q: 'do you take amex', expect: 'payment_methods' },
      { q: 'why does my payment keep failing', expect: 'payment_declined' },
      { q: 'there are 2 identical charges on my bank account', expect: 'double_charge' },
      { q: 'i forgot my login details', expect: 'password' },
      { q: 'erase my profile please', expect: 'account_delete' },
      { q: 'please cancel my purchase from yesterday', expect: 'cancel_order' },
      { q: 'my address is wrong on the order', expect: 'change_address' },
      { q: 'do you deliver overseas', expect: 'international' },
      { q: 'is there a balance left on my gift card', expect: 'gift_card' },
      { q: 'the screen was cracked when it arrived', expect: 'damaged' },
      { q: 'how long does the warranty last', expect: 'warranty' },
      { q: 'what is your favourite colour', expect: null },
      { q: 'book me a table for two', expect: null },
      { q: 'how tall is mount everest', expect: null },
      { q: 'sing me a song', expect: null },
      { q: 'what day is it today', expect: null },
    ],
  },
  {
    locale: 'ko',
    answers: ko.answers,
    questions: [
      { q: '택배 언제쯤 받을 수 있어요', expect: 'shipping_time' },
      { q: '지금 배송 어디까지 왔나요', expect: 'tracking' },
      { q: '송장번호 좀 알려주세요', expect: 'tracking' },
      { q: '반품 접수하고 싶습니다', expect: 'returns' },
      { q: '환불금 언제 입금되나요', expect: 'refund' },
      { q: '다른 사이즈로 바꿀 수 있나요', expect: 'exchange' },
      { q: '카카오페이 결제 가능한가요', expect: 'payment_methods' },
      { q: '카드 승인이 안 나요', expect: 'payment_declined' },
      { q: '똑같은 금액이 두 번 결제됐어요', expect: 'double_charge' },
      { q: '비밀번호 바꾸고 싶어요', expect: 'password' },
      { q: '회원 탈퇴하려면 어떻게 해요', expect: 'account_delete' },
      { q: '주문 취소 부탁드려요', expect: 'cancel_order' },
      { q: '배송지 주소 변경 가능할까요', expect: 'change_address' },
      { q: '캐나다로 보내주실 수 있나요', expect: 'international' },
      { q: '상품권 잔액이 얼마 남았나요', expect: 'gift_card' },
      { q: '제품이 깨진 채로 배송됐어요', expect: 'damaged' },
      { q: '수리 신청은 어디서 하나요', expect: 'warranty' },
      { q: '오늘 저녁 메뉴 추천해줘', expect: null },
      { q: '너는 누가 만들었어', expect: null },
      { q: '서울 인구가 몇 명이야', expect: null },
      { q: '게임하고 싶다', expect: null },
      { q: '내일 비 와요?', expect: null },
    ],
  },
];
